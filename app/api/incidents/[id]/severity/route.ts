import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { changeSeverity } from "@/lib/incidents/severity";

export const dynamic = "force-dynamic";

/** Changes the severity with a reason; answers the EntryResult. Retry with the same idempotencyKey. */
export const POST = route({
  ...api.incidentSeverity,
  handle: ({ params, body, user }) => changeSeverity(params.id, body, user),
});
