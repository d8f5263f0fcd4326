import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { recordStep } from "@/lib/incidents/steps";

export const dynamic = "force-dynamic";

/** Ticks or unticks a step of the incident's runbook; answers the StepResult ("unchanged" when it already was so). */
export const POST = route({
  ...api.incidentStep,
  handle: ({ params, body, user }) => recordStep(params.id, body, user),
});
