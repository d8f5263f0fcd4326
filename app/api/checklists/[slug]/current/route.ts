import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { currentRun, openCurrentRun } from "@/lib/checklists/runs";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

/** GET: the current period and its run (null until someone opens it). Does not create the run. */
export const GET = databaseRoute(async (request: Request, { params }: Context) => {
  const user = await requireUser("portal:read", request.headers);
  return Response.json(await currentRun((await params).slug, user), { headers: NO_STORE });
});

/** POST: opens the current period's run, creating it on first open; answers its RunState. */
export const POST = databaseRoute(async (request: Request, { params }: Context) => {
  const user = await requireUser("portal:read", request.headers);
  return Response.json({ run: await openCurrentRun((await params).slug, user) }, { headers: NO_STORE });
});
