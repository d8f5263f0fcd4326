import { expect, test } from "@playwright/test";
import { signInAs } from "./support/auth";
import { startPortal, startPrivateRedis } from "./support/processes";

// Uses its own redis-server and portal process: stopping the shared Redis would disturb others.
test("with Redis stopped, readiness answers 503 naming Redis and pages still render", async ({ page }) => {
  test.setTimeout(120_000);
  const redis = await startPrivateRedis();
  const portal = await startPortal({ REDIS_URL: redis.url });
  try {
    const before = await fetch(`${portal.url}/api/health/ready`);
    expect(before.status).toBe(200);

    await redis.stop();

    const after = await fetch(`${portal.url}/api/health/ready`);
    expect(after.status).toBe(503);
    const body = (await after.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe("unavailable");
    expect(body.checks.redis?.status).toBe("down");
    expect(body.checks.postgres?.status).toBe("up");
    // The Kubernetes probe asks only for PostgreSQL, so a Redis outage keeps the replica serving.
    const probe = await fetch(`${portal.url}/api/health/ready?require=postgres`);
    expect(probe.status).toBe(200);
    expect(((await probe.json()) as { checks: Record<string, { status: string }> }).checks.redis?.status).toBe("down");
    expect((await fetch(`${portal.url}/api/health/ready?require=mysql`)).status).toBe(400);

    await signInAs(page, "viewer", portal.url);
    await page.goto(`${portal.url}/`);
    await expect(page.getByRole("heading", { level: 1, name: "Visão geral" })).toBeVisible();
    await expect(page.getByText("Filas indisponíveis")).toBeVisible();
    await expect(page.locator('[data-dependency="redis"]')).toContainText("Fora do ar");
    expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
  } finally {
    await portal.stop();
    await redis.stop();
  }
});
