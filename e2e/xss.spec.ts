import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL, ensureUser, signInAs, signInRequest } from "./support/auth";
import { openRun, tick } from "./support/checklist-api";

const PAYLOADS = [
  `<script>window.__xss = "script"</script>`,
  `<img src=x onerror="window.__xss='img'">`,
  `"><svg onload="window.__xss='svg'">`,
  `[link](javascript:window.__xss='md')`,
];

async function noScriptRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
}

test("hostile notes render as inert text on the checklist and in its history", async ({ page, request }) => {
  const slug = "01-monitoramento-diario";
  const operator = await ensureUser("operator", "xss-operator");
  await signInRequest(request, operator, E2E_BASE_URL);
  const run = await openRun(request, E2E_BASE_URL, slug);
  const note = PAYLOADS.join(" ");
  const target = run.items[0]!;
  // Whatever state earlier tests left, the item's latest tick carries the hostile note.
  if (target.ticked) await tick(request, E2E_BASE_URL, run.id, target.id, undefined, "untick");
  await tick(request, E2E_BASE_URL, run.id, target.id, note);

  await signInAs(page, "manager");
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`/runbooks/${slug}`);
  await expect(page.locator(`li[data-item-id="${target.id}"]`)).toContainText(
    `<script>window.__xss = "script"</script>`,
  );
  await noScriptRan(page);
  await page.goto(`/history/checklists/runs/${run.id}`);
  await expect(page.getByText("<img src=x onerror=", { exact: false }).first()).toBeVisible();
  await noScriptRan(page);
  expect(dialogs).toEqual([]);
});

test("hostile incident titles and notes render as inert text on the list and the incident page", async ({ page }) => {
  await signInAs(page, "operator");
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const title = `Falha ${PAYLOADS[0]} ${PAYLOADS[1]}`;
  const opened = await page.request.post("/api/incidents", {
    headers: { origin: E2E_BASE_URL },
    data: { runbookSlug: "03-alerta-job-na-dlq", title, idempotencyKey: `xss-${Date.now()}` },
  });
  expect(opened.status()).toBe(201);
  const { id } = (await opened.json()) as { id: string };
  const note = await page.request.post(`/api/incidents/${id}/notes`, {
    headers: { origin: E2E_BASE_URL },
    data: { body: PAYLOADS.join("\n\n"), idempotencyKey: `xss-note-${Date.now()}` },
  });
  expect(note.ok()).toBe(true);

  await page.goto("/incidents");
  await expect(page.getByText(`${PAYLOADS[0]}`, { exact: false }).first()).toBeVisible();
  await noScriptRan(page);
  await page.goto(`/incidents/${id}`);
  await expect(page.getByRole("heading", { level: 1 }).filter({ hasText: "Falha" })).toContainText("<script>");
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await noScriptRan(page);
  expect(dialogs).toEqual([]);
});
