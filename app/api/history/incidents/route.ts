import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { incidentStats, parseRange } from "@/lib/incidents/reports";

export const dynamic = "force-dynamic";

/** GET ?from=YYYY-MM-DD&to=YYYY-MM-DD (default: the last 30 days): MTTA/MTTR by severity and by runbook. */
export const GET = databaseRoute(async (request: Request) => {
  await requireUser("reports:read", request.headers);
  return Response.json(await incidentStats(parseRange(new URL(request.url).searchParams, new Date())), { headers: NO_STORE });
});
