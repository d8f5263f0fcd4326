import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

// Liveness: answers as long as the process serves requests; never touches a dependency.
export const dynamic = "force-dynamic";

export const GET = route({
  ...api.health,
  handle: async () => Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }),
});
