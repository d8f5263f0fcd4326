import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { handOver } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** Hands command over; answers the EntryResult. Retry with the same idempotencyKey. */
export const POST = route({
  ...api.incidentCommander,
  handle: ({ params, body, user }) => handOver(params.id, body, user),
});
