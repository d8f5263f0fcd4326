import { requireUser } from "@/lib/auth/session";
import { incidentChannel, SNAPSHOT_EVENT } from "@/lib/incidents/events";
import { databaseRoute } from "@/lib/http/database-route";
import { assertIncidentExists, getIncident } from "@/lib/incidents/incidents";
import { sseResponse } from "@/lib/live/sse";

export const dynamic = "force-dynamic";

/** GET (EventSource): "snapshot" (IncidentView) on every (re)connection, then an "entry" event per new timeline entry. */
export const GET = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("portal:read", request.headers);
  const id = await assertIncidentExists((await params).id);
  return sseResponse({
    channels: [incidentChannel(id)],
    signal: request.signal,
    initial: async () => [{ type: SNAPSHOT_EVENT, data: await getIncident(id) }],
  });
});
