import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { listIncidents, openIncident } from "@/lib/incidents/incidents";
import { listQuerySchema, openBodySchema } from "@/lib/incidents/validation";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET ?status=&severity=&runbook=&from=YYYY-MM-DD&to=YYYY-MM-DD: the newest 200 matching incidents. */
export const GET = databaseRoute(async (request: Request) => {
  await requireUser("portal:read", request.headers);
  const query = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ incidents: await listIncidents(query) }, { headers: NO_STORE });
});

/** POST { runbookSlug, title, severity?, commanderId?, idempotencyKey }: opens an incident (201). */
export const POST = databaseRoute(async (request: Request) => {
  const user = await requireUser("incidents:write", request.headers);
  const body = await jsonBody(request, openBodySchema);
  return Response.json(await openIncident(body, user), { status: 201, headers: NO_STORE });
});
