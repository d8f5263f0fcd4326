import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { actOnDeadLetter } from "@/lib/incidents/jobs";

export const dynamic = "force-dynamic";

/** Retries or discards the DLQ copy of a job; answers the EntryResult (409 when it is no longer in the DLQ). */
export const POST = route({
  ...api.incidentJob,
  handle: ({ params, body, user }) => actOnDeadLetter(params.id, body, user),
});
