// Test-only: whether this process has an error-reporting client, so the e2e test can check that
// an empty SENTRY_DSN initialises nothing (e2e/sentry.spec.ts). 404 unless ENABLE_TEST_ROUTES=1.
import * as Sentry from "@sentry/nextjs";
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({
  ...api.debugErrorReporting,
  handle: async () => {
    if (!config().ENABLE_TEST_ROUTES) return Response.json({ error: "Not Found" }, { status: 404 });
    return { enabled: Sentry.isEnabled() };
  },
});
