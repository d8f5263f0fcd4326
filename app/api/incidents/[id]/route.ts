import { requireUser } from "@/lib/auth/session";
import { incidentRoute, NO_STORE } from "@/lib/incidents/http";
import { getIncident } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** GET: the incident with its response target and whole timeline. */
export const GET = incidentRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("portal:read", request.headers);
  return Response.json(await getIncident((await params).id), { headers: NO_STORE });
});
