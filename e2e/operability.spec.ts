import { expect, test } from "@playwright/test";
import { startPortal } from "./support/processes";
import { failPaymentIntoDlq } from "./support/workload";

test("Prometheus metrics include request durations by route, queue depths and DLQ sizes", async ({ request }) => {
  const failed = await failPaymentIntoDlq();
  try {
    await request.get("/api/health");
    const response = await request.get("/api/metrics");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(text).toMatch(/bullmq_queue_jobs\{queue="payments",state="failed"\} [1-9]/);
    expect(text).toMatch(/bullmq_dlq_size\{queue="payments",dlq="payments-dlq"\} [1-9]/);
  } finally {
    await failed.stop();
  }
});

test("SIGTERM shuts the portal down cleanly; every log line of a request carries its correlation id", async () => {
  test.setTimeout(90_000);
  const portal = await startPortal({ LOG_LEVEL: "info", METRICS_TOKEN: "metrics-secret-for-test" });
  const denied = await fetch(`${portal.url}/api/metrics`);
  expect(denied.status).toBe(401);
  const allowed = await fetch(`${portal.url}/api/metrics`, {
    headers: { authorization: "Bearer metrics-secret-for-test" },
  });
  expect(allowed.status).toBe(200);
  await fetch(`${portal.url}/api/health/ready`, { headers: { "x-request-id": "trace-me-42" } });
  await fetch(`${portal.url}/nao-existe`, { headers: { "x-request-id": "trace-me-43", accept: "application/json" } });
  const exited = new Promise<number | null>((resolve) => portal.process.once("exit", (code) => resolve(code)));
  portal.process.kill("SIGTERM");
  expect(await exited).toBe(0);
  const lines = portal
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.some((l) => l.msg === "stopped")).toBe(true);
  const traced = lines.filter((l) => l.correlationId === "trace-me-43");
  expect(traced.length).toBeGreaterThan(0);
  expect(traced.every((l) => l.path === "/nao-existe" || l.correlationId === "trace-me-43")).toBe(true);
});
