import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { parseSearchQuery, searchJobs } from "@/lib/jobs-search/search";

export const dynamic = "force-dynamic";

/** GET ?q=&field=any|id|name|data|error&queues=a,b&limit=: jobs of every monitored queue and DLQ matching q. */
export const GET = databaseRoute(async (request: Request) => {
  await requireUser("portal:read", request.headers);
  const query = parseSearchQuery(new URL(request.url).searchParams);
  return Response.json(await searchJobs(query), { headers: NO_STORE });
});
