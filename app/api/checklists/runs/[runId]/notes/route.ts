import { saveNote } from "@/lib/checklists/notes";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Creates a note or, for its author, changes its text; answers the NoteResult. Retry with the same key. */
export const POST = route({
  ...api.checklistNote,
  handle: ({ params, body, user }) => saveNote(params.runId, body, user),
});
