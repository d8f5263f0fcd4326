import { requireUser } from "@/lib/auth/session";
import { saveNote } from "@/lib/checklists/notes";
import { noteBodySchema } from "@/lib/checklists/validation";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST { noteId, itemId, text, idempotencyKey }: creates the note or, for its author, changes its
 * text; answers the NoteResult (created / edited / replayed / unchanged). Retry with the same key.
 */
export const POST = databaseRoute(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const user = await requireUser("checklists:tick", request.headers);
  const { runId } = await params;
  const body = await jsonBody(request, noteBodySchema);
  return Response.json(await saveNote(runId, body, user), { headers: NO_STORE });
});
