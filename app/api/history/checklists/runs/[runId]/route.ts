import { requireUser } from "@/lib/auth/session";
import { runDetail } from "@/lib/checklists/history";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";

export const dynamic = "force-dynamic";

/** GET: a run with every tick and untick (time, person, note, evidence). */
export const GET = databaseRoute(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const user = await requireUser("reports:read", request.headers);
  return Response.json(await runDetail((await params).runId, user), { headers: NO_STORE });
});
