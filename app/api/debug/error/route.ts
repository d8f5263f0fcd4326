// Test-only: throws, so the e2e test can see the error reach Sentry with its correlation id
// (e2e/sentry.spec.ts). Answers 404 unless ENABLE_TEST_ROUTES=1.
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({
  ...api.debugError,
  handle: async ({ request }) => {
    if (!config().ENABLE_TEST_ROUTES) return Response.json({ error: "Not Found" }, { status: 404 });
    // The request's id in the message keeps errors of different requests distinct (Sentry drops
    // an event identical to the previous one).
    throw new Error(`Deliberate error from /api/debug/error for request ${request.headers.get("x-request-id") ?? "?"}`);
  },
});
