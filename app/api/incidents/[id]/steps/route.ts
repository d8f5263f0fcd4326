import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { recordStep } from "@/lib/incidents/steps";
import { stepBodySchema } from "@/lib/incidents/validation";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST { itemId, action: "tick" | "untick", idempotencyKey }: ticks or unticks a step of the
 * incident's runbook; answers the StepResult ("unchanged" when the step already was so).
 */
export const POST = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("incidents:write", request.headers);
  const { id } = await params;
  const body = await jsonBody(request, stepBodySchema);
  return Response.json(await recordStep(id, body, user), { headers: NO_STORE });
});
