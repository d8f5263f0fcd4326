import { requireUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/audit";
import { databaseRoute } from "@/lib/http/database-route";
import { incidentsCsv, parseRange } from "@/lib/incidents/reports";

export const dynamic = "force-dynamic";

/** GET ?from=&to=: one CSV line per incident opened in the range. */
export const GET = databaseRoute(async (request: Request) => {
  const user = await requireUser("reports:read", request.headers);
  const range = parseRange(new URL(request.url).searchParams, new Date());
  const csv = await incidentsCsv(range);
  await recordAudit({ actor: { id: user.id, label: user.email }, action: "incidents.export", data: { ...range } });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="incidentes-${range.from}-${range.to}.csv"`,
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
});
