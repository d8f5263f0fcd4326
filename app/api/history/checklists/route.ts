import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { checklistHistory } from "@/lib/checklists/history";
import { parseHistoryQuery } from "@/lib/checklists/history-filter";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";

export const dynamic = "force-dynamic";

/** GET ?checklist=&person=&from=&to=: calendar, completion and skip rates per checklist, activity per person. */
export const GET = databaseRoute(async (request: Request) => {
  const user = await requireUser("reports:read", request.headers);
  const filter = parseHistoryQuery(new URL(request.url).searchParams, { now: new Date(), timeZone: config().TIMEZONE });
  return Response.json(await checklistHistory(filter, user), { headers: NO_STORE });
});
