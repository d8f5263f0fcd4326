// Shared by the browser's poller and the server's validation (client-safe: no imports).

/** Most panels one GET /api/panels/batch may ask for (runbook 01, the largest page, has 11). */
export const MAX_BATCH = 30;
