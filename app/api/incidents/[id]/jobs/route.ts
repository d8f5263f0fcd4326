import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { actOnDeadLetter } from "@/lib/incidents/jobs";
import { jobActionBodySchema } from "@/lib/incidents/validation";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST { action: "retry" | "discard", queue, jobId, reason, idempotencyKey }: acts on the DLQ
 * copy of `queue`'s job `jobId`; answers the EntryResult (409 when the job is no longer in the DLQ).
 */
export const POST = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("jobs:act", request.headers);
  const { id } = await params;
  const body = await jsonBody(request, jobActionBodySchema);
  return Response.json(await actOnDeadLetter(id, body, user), { headers: NO_STORE });
});
