import { SNAPSHOT_EVENT, runChannel } from "@/lib/checklists/events";
import { assertRunExists, getRun } from "@/lib/checklists/runs";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { sseResponse } from "@/lib/live/sse";

export const dynamic = "force-dynamic";

/**
 * EventSource: "snapshot" with the RunState on every (re)connection, then a "tick" event
 * (TickResult) for each tick saved by anyone, on any portal process.
 */
export const GET = route({
  ...api.checklistEvents,
  handle: async ({ request, params }) => {
    const runId = await assertRunExists(params.runId);
    return sseResponse({
      channels: [runChannel(runId)],
      signal: request.signal,
      initial: async () => [{ type: SNAPSHOT_EVENT, data: await getRun(runId) }],
    });
  },
});
