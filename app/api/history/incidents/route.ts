import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { incidentStats, parseRange } from "@/lib/incidents/reports";

export const dynamic = "force-dynamic";

/** MTTA/MTTR by severity and by runbook over ?from=&to= (YYYY-MM-DD; default: the last 30 days). */
export const GET = route({
  ...api.incidentStats,
  handle: ({ request }) => incidentStats(parseRange(new URL(request.url).searchParams, new Date())),
});
