import { expect, test } from "@playwright/test";
import { signInAs } from "./support/auth";
import { startPortalWithFakeSentry, type PortalWithSentry } from "./support/sentry";

// A portal process whose Sentry panels read the local fake Sentry (demo data: POST /api/payments
// at 812.3 ms and GET /api/reports/export at 2 310.8 ms are over 750 ms; POST /api/orders at
// 690.2 ms is not). Sentry slow, failing or refusing connections: e2e/faults-sentry.spec.ts.

let sentry: PortalWithSentry;

test.beforeAll(async () => {
  sentry = await startPortalWithFakeSentry();
});

test.afterAll(async () => {
  await sentry?.stop();
});

test("runbook 02's performance panel highlights the endpoints over 750 ms", async ({ page }) => {
  await signInAs(page, "viewer", sentry.portal.url);
  await page.goto(`${sentry.portal.url}/runbooks/02-alerta-performance-degradada`);
  const panel = page.locator('section[data-panel="sentry-performance"]');
  await expect(panel).toHaveAttribute("data-status", "ok");
  await expect(panel).toContainText("Limite: P95 > 750 ms");
  await expect(panel).toContainText("2 acima do limite");

  const over = panel.locator('tr[data-over-threshold="true"]');
  await expect(over).toHaveCount(2);
  expect(await over.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-transaction")))).toEqual([
    "GET /api/reports/export",
    "POST /api/payments",
  ]);
  const payments = panel.locator('tr[data-transaction="POST /api/payments"]');
  await expect(payments).toContainText("812,3 ms");
  await expect(payments).toContainText("acima");
  await expect(payments).toContainText("42,5");
  // Highlighted: a tinted row, not only a word.
  const background = await payments.evaluate((row) => getComputedStyle(row).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");

  const orders = panel.locator('tr[data-transaction="POST /api/orders"]');
  await expect(orders).toHaveAttribute("data-over-threshold", "false");
  await expect(orders).not.toContainText("acima");
  expect(await orders.evaluate((row) => getComputedStyle(row).backgroundColor)).toBe("rgba(0, 0, 0, 0)");

  // The token stays on the server.
  expect(await page.content()).not.toContain(sentry.fake.state.token);
  expect(sentry.fake.requestsTo("/events/").length).toBeGreaterThan(0);
});
