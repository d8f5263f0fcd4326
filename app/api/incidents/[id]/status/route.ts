import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { changeStatus } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** Changes the status; answers the EntryResult. Retry with the same idempotencyKey. */
export const POST = route({
  ...api.incidentStatus,
  handle: ({ params, body, user }) => changeStatus(params.id, body, user),
});
