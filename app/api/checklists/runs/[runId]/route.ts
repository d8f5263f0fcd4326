import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { getRun } from "@/lib/checklists/runs";

export const dynamic = "force-dynamic";

/** GET: a run's RunState (items, their latest row, progress); past runs are readOnly. */
export const GET = databaseRoute(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const user = await requireUser("portal:read", request.headers);
  return Response.json({ run: await getRun((await params).runId, user) }, { headers: NO_STORE });
});
