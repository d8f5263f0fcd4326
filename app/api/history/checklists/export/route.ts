import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { exportChecklistCsv } from "@/lib/checklists/export";
import { parseExportQuery } from "@/lib/checklists/history-filter";
import { databaseRoute } from "@/lib/http/database-route";

export const dynamic = "force-dynamic";

/** GET ?kind=ticks|runs&checklist=&person=&from=&to=: the CSV, streamed as it is read. */
export const GET = databaseRoute(async (request: Request) => {
  const user = await requireUser("reports:read", request.headers);
  const filter = parseExportQuery(new URL(request.url).searchParams, { now: new Date(), timeZone: config().TIMEZONE });
  const { filename, stream } = await exportChecklistCsv(filter, user);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
});
