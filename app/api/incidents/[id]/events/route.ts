import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { incidentChannel, SNAPSHOT_EVENT } from "@/lib/incidents/events";
import { assertIncidentExists, getIncident } from "@/lib/incidents/incidents";
import { sseResponse } from "@/lib/live/sse";

export const dynamic = "force-dynamic";

/** EventSource: "snapshot" (IncidentView) on every (re)connection, then an "entry" event per new timeline entry. */
export const GET = route({
  ...api.incidentEvents,
  handle: async ({ request, params }) => {
    const id = await assertIncidentExists(params.id);
    return sseResponse({
      channels: [incidentChannel(id)],
      signal: request.signal,
      initial: async () => [{ type: SNAPSHOT_EVENT, data: await getIncident(id) }],
    });
  },
});
