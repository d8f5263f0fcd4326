import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { jsonBody } from "@/lib/http/route";
import { attachRunbook } from "@/lib/incidents/attach";
import { runbookBodySchema } from "@/lib/incidents/validation";

export const dynamic = "force-dynamic";

/** POST { runbookSlug, idempotencyKey }: attaches an alert or procedure runbook; 409 when one is attached. */
export const POST = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("incidents:write", request.headers);
  const { id } = await params;
  const body = await jsonBody(request, runbookBodySchema);
  return Response.json(await attachRunbook(id, body, user), { headers: NO_STORE });
});
