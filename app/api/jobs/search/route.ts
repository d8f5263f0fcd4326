import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { parseSearchQuery, searchJobs } from "@/lib/jobs-search/search";

export const dynamic = "force-dynamic";

/** Jobs of every monitored queue and DLQ matching `q`. */
export const GET = route({
  ...api.jobSearch,
  handle: ({ request }) => searchJobs(parseSearchQuery(new URL(request.url).searchParams)),
});
