import { timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

function authorized(request: Request): boolean {
  const token = config().METRICS_TOKEN;
  if (!token) return true;
  const given = Buffer.from(request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const GET = route({
  ...api.metrics,
  handle: async ({ request }) => {
    if (!authorized(request)) {
      return Response.json(
        { error: "Envie Authorization: Bearer <METRICS_TOKEN>." },
        { status: 401, headers: { "www-authenticate": "Bearer" } },
      );
    }
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { "content-type": registry.contentType, "cache-control": "no-store" },
    });
  },
});
