import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { jsonBody } from "@/lib/http/route";
import { changeSeverity } from "@/lib/incidents/severity";
import { severityBodySchema } from "@/lib/incidents/validation";

export const dynamic = "force-dynamic";

/** POST { to: P1|P2|P3, reason, idempotencyKey }: answers the EntryResult; 409 when resolved or unchanged. */
export const POST = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("incidents:write", request.headers);
  const { id } = await params;
  const body = await jsonBody(request, severityBodySchema);
  return Response.json(await changeSeverity(id, body, user), { headers: NO_STORE });
});
