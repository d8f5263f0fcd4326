import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { listIncidents, openIncident } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

/** The newest 200 incidents matching ?status=&severity=&runbook=&from=&to=. */
export const GET = route({
  ...api.incidents,
  handle: async ({ query }) => ({ incidents: await listIncidents(query) }),
});

/** Opens an incident (201); body: lib/incidents/validation.ts. */
export const POST = route({ ...api.openIncident, handle: ({ body, user }) => openIncident(body, user) });
