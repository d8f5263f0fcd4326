import type { Readiness } from "@/lib/observability/health";
import type { HealthData, PanelSnapshot } from "./types";

// `::health`: the portal's own dependencies (each check has its own 2 s limit in
// lib/observability/health.ts) and whether the Sentry panels are configured.

export async function loadHealth(
  check: () => Promise<Readiness>,
  sentryMissing: string[],
): Promise<PanelSnapshot<HealthData>> {
  try {
    const result = await check();
    return {
      status: "ok",
      fetchedAt: new Date().toISOString(),
      data: {
        status: result.status,
        checks: result.checks,
        sentry: { configured: sentryMissing.length === 0, missing: sentryMissing },
      },
    };
  } catch (error) {
    return {
      status: "error",
      fetchedAt: new Date().toISOString(),
      error: {
        source: "portal",
        code: "internal",
        message: `verificação de saúde falhou: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}
