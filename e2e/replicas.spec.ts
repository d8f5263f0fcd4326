import { expect, test } from "@playwright/test";
import { E2E_BASE_URL, ensureUser, signInRequest } from "./support/auth";
import { openRun, tick } from "./support/checklist-api";
import { startPortal } from "./support/processes";

// Two portal processes on different ports share PostgreSQL and Redis, as replicas do: a tick
// saved through one reaches a browser connected to the other (Redis pub/sub → SSE).
test("a tick made on one portal process reaches a browser on another", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const slug = "21-manutencao-semanal";
  const second = await startPortal({});
  const context = await browser.newContext({ baseURL: second.url });
  try {
    const viewer = await ensureUser("operator", "replica-viewer");
    await signInRequest(context.request, viewer, second.url);
    const page = await context.newPage();
    await page.goto(`/runbooks/${slug}`);
    await expect(page.locator("[data-checklist-live]")).toHaveAttribute("data-checklist-live", "on");

    const operator = await ensureUser("operator", "replica-operator");
    await signInRequest(request, operator, E2E_BASE_URL);
    const run = await openRun(request, E2E_BASE_URL, slug);
    const target = run.items.find((i) => !i.ticked);
    test.skip(!target, "every item of this week's run is already ticked");
    await tick(request, E2E_BASE_URL, run.id, target!.id, "feito pela outra réplica");

    const item = page.locator(`li[data-item-id="${target!.id}"]`);
    await expect(item.getByRole("checkbox")).toBeChecked({ timeout: 3000 });
    await expect(item).toContainText("feito pela outra réplica");
  } finally {
    await context.close();
    await second.stop();
  }
});
