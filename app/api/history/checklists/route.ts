import { checklistHistory } from "@/lib/checklists/history";
import { parseHistoryQuery } from "@/lib/checklists/history-filter";
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Calendar, completion and skip rates per checklist, activity per person. */
export const GET = route({
  ...api.checklistHistory,
  handle: ({ request }) =>
    checklistHistory(
      parseHistoryQuery(new URL(request.url).searchParams, { now: new Date(), timeZone: config().TIMEZONE }),
    ),
});
