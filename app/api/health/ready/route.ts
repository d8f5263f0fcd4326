import { z } from "zod";
import { api } from "@/lib/http/contracts";
import { NO_STORE, route } from "@/lib/http/route";
import { readiness, type DependencyName } from "@/lib/observability/health";

export const dynamic = "force-dynamic";

const requireParam = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()))
  .pipe(z.array(z.enum(["postgres", "redis"], "postgres and/or redis")).min(1));

/**
 * Both dependencies, each with its latency; 503 naming what is down. `?require=postgres` limits
 * which ones decide the status code — the Kubernetes readiness probe uses it, so a Redis outage
 * (which only dims the queue panels) does not take every replica out of the Service.
 */
export const GET = route({
  ...api.ready,
  handle: async ({ request }) => {
    const param = new URL(request.url).searchParams.get("require");
    const parsed = param === null ? null : requireParam.safeParse(param);
    if (parsed && !parsed.success) {
      return Response.json(
        { error: `require: expected ${parsed.error.issues[0]?.message ?? "postgres and/or redis"}` },
        { status: 400 },
      );
    }
    const required: DependencyName[] = parsed?.data ?? ["postgres", "redis"];
    const result = await readiness();
    const ready = required.every((name) => result.checks[name].status === "up");
    return Response.json(
      { ...result, status: ready ? "ready" : "unavailable", required },
      { status: ready ? 200 : 503, headers: NO_STORE },
    );
  },
});
