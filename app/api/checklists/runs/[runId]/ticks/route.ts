import { requireUser } from "@/lib/auth/session";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { recordTick } from "@/lib/checklists/ticks";
import { tickBodySchema } from "@/lib/checklists/validation";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST { itemId, action: "tick" | "untick", note?, evidence?, idempotencyKey }: records it and
 * answers the TickResult (outcome created / replayed / unchanged). Retry with the same key.
 */
export const POST = databaseRoute(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const user = await requireUser("checklists:tick", request.headers);
  const { runId } = await params;
  const body = await jsonBody(request, tickBodySchema);
  return Response.json(await recordTick(runId, body, user), { headers: NO_STORE });
});
