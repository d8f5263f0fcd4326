import { requireUser } from "@/lib/auth/session";
import { SNAPSHOT_EVENT, runChannel } from "@/lib/checklists/events";
import { databaseRoute } from "@/lib/http/database-route";
import { assertRunExists, getRun } from "@/lib/checklists/runs";
import { sseResponse } from "@/lib/live/sse";

export const dynamic = "force-dynamic";

/**
 * GET (EventSource): "snapshot" with the RunState on every (re)connection, then a "tick" event
 * (TickResult) for each tick saved by anyone, on any portal process.
 */
export const GET = databaseRoute(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const user = await requireUser("portal:read", request.headers);
  const runId = await assertRunExists((await params).runId);
  return sseResponse({
    channels: [runChannel(runId)],
    signal: request.signal,
    initial: async () => [{ type: SNAPSHOT_EVENT, data: await getRun(runId, user) }],
  });
});
