import { recordAudit } from "@/lib/audit/audit";
import { api } from "@/lib/http/contracts";
import { csvResponse, route } from "@/lib/http/route";
import { incidentsCsv, parseRange } from "@/lib/incidents/reports";

export const dynamic = "force-dynamic";

/** One CSV line per incident opened in the range. */
export const GET = route({
  ...api.incidentExport,
  handle: async ({ request, user }) => {
    const range = parseRange(new URL(request.url).searchParams, new Date());
    const csv = await incidentsCsv(range);
    await recordAudit({ actor: { id: user.id, label: user.email }, action: "incidents.export", data: { ...range } });
    return csvResponse(csv, `incidentes-${range.from}-${range.to}.csv`);
  },
});
