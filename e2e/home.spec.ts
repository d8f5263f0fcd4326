import { expect, test } from "@playwright/test";
import { signInAs } from "./support/auth";
import { failPaymentIntoDlq } from "./support/workload";

test("the overview shows the monitored queues with the failed payment in its DLQ @mobile", async ({ page }) => {
  const failed = await failPaymentIntoDlq();
  try {
    await signInAs(page, "viewer");
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Visão geral" })).toBeVisible();
    const payments = page.locator('[data-queue="payments"]');
    await expect(payments).toContainText("Pagamentos");
    const cells = payments.locator("td");
    expect(Number(await cells.nth(3).innerText())).toBeGreaterThan(0);
    expect(Number(await cells.nth(4).innerText())).toBeGreaterThan(0);
    await expect(page.locator('[data-dependency="postgres"]')).toContainText("Operando");
    await expect(page.locator('[data-dependency="redis"]')).toContainText("Operando");
  } finally {
    await failed.stop();
  }
});

test("the interface switches to English and back", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("link", { name: "Português" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Visão geral" })).toBeVisible();
});

test("every response carries a correlation id, and a caller's id is echoed back", async ({ request }) => {
  const generated = await request.get("/api/health");
  expect(generated.status()).toBe(200);
  expect(generated.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const echoed = await request.get("/api/health", { headers: { "x-request-id": "ops-test-123" } });
  expect(echoed.headers()["x-request-id"]).toBe("ops-test-123");
  const hostile = await request.get("/api/health", { headers: { "x-request-id": "<script>alert(1)</script>" } });
  expect(hostile.headers()["x-request-id"]).not.toContain("<");
});
