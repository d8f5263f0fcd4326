import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { attachRunbook } from "@/lib/incidents/attach";

export const dynamic = "force-dynamic";

/** Attaches a runbook to an incident declared without one; answers the EntryResult. */
export const POST = route({
  ...api.incidentRunbook,
  handle: ({ params, body, user }) => attachRunbook(params.id, body, user),
});
