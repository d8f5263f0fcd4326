import { requireUser } from "@/lib/auth/session";
import { incidentRoute, NO_STORE } from "@/lib/incidents/http";
import { handOver } from "@/lib/incidents/incidents";
import { commanderBodySchema } from "@/lib/incidents/validation";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST (see lib/incidents/validation.ts for the body): answers the EntryResult; retry with the same idempotencyKey. */
export const POST = incidentRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("incidents:write", request.headers);
  const { id } = await params;
  const body = await jsonBody(request, commanderBodySchema);
  return Response.json(await handOver(id, body, user), { headers: NO_STORE });
});
