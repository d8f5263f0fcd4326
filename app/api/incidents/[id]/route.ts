import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { getIncident } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** The incident with its response target and newest timeline entries. */
export const GET = route({ ...api.incident, handle: ({ params }) => getIncident(params.id) });
