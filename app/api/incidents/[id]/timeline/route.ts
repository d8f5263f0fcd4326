import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { olderEntries } from "@/lib/incidents/incidents";
import { timelineQuerySchema } from "@/lib/incidents/validation";

export const dynamic = "force-dynamic";

/** GET ?before=<olderCursor>&limit=1..200 (default 100): the entries before the cursor, oldest first, and the next cursor. */
export const GET = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("portal:read", request.headers);
  const query = timelineQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await olderEntries((await params).id, query), { headers: NO_STORE });
});
