import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { addNote } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** Adds a note; answers the EntryResult. Retry with the same idempotencyKey. */
export const POST = route({ ...api.incidentNote, handle: ({ params, body, user }) => addNote(params.id, body, user) });
