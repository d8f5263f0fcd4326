import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { olderEntries } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** The entries before ?before=<olderCursor> (up to ?limit=, default 100), oldest first, and the next cursor. */
export const GET = route({ ...api.timeline, handle: ({ params, query }) => olderEntries(params.id, query) });
