import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { getIncident } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** GET: the incident with its response target and whole timeline. */
export const GET = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("portal:read", request.headers);
  return Response.json(await getIncident((await params).id), { headers: NO_STORE });
});
