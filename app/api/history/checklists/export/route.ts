import { exportChecklistCsv } from "@/lib/checklists/export";
import { parseExportQuery } from "@/lib/checklists/history-filter";
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { csvResponse, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The CSV, streamed as it is read. */
export const GET = route({
  ...api.checklistExport,
  handle: async ({ request }) => {
    const filter = parseExportQuery(new URL(request.url).searchParams, {
      now: new Date(),
      timeZone: config().TIMEZONE,
    });
    const { filename, stream } = await exportChecklistCsv(filter);
    return csvResponse(stream, filename);
  },
});
