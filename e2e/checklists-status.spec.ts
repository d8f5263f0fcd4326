import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { E2E_BASE_URL, ensureUser, signInAs, signInRequest } from "./support/auth";
import { openRun, tick } from "./support/checklist-api";

// A deadline that has passed shows on the open run, counted by the browser's clock (injected
// here, so the test does not depend on the hour it runs at); a closed period's unfinished run is
// "Parcial" or "Perdido", never "Em andamento".

const SLUG = "01-monitoramento-diario";
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: config().TIMEZONE });
const daysAgo = (n: number) => dayFormat.format(new Date(Date.now() - n * 86_400_000));

test("after the deadline the open run says 'Atrasado há 4 h', and its header stays in view while scrolling", async ({
  browser,
}) => {
  const operator = await ensureUser("operator", "op-deadline");
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    await signInRequest(context.request, operator);
    const run = (await openRun(context.request, E2E_BASE_URL, SLUG)) as Awaited<ReturnType<typeof openRun>> & {
      deadlineAt: string;
    };
    expect(run.deadlineAt).toBeTruthy();
    // Another test may have completed today's run: one required item unticked keeps it open.
    const required = run.items.filter((i) => i.required);
    if (required.every((i) => i.ticked))
      await tick(context.request, E2E_BASE_URL, run.id, required[0]!.id, undefined, "untick");
    const deadline = new Date(run.deadlineAt).getTime();

    const before = await context.newPage();
    await before.clock.setFixedTime(deadline - 30 * 60_000);
    await before.goto(`/runbooks/${SLUG}`);
    await expect(before.locator("[data-deadline]")).toHaveText("prazo 10:00");
    await expect(before.locator("[data-run-status]")).toHaveAttribute("data-run-status", /^(open|pending)$/);
    await expect(before.locator("[data-overdue]")).toHaveCount(0);

    const after = await context.newPage();
    await after.clock.setFixedTime(deadline + (4 * 60 + 10) * 60_000);
    await after.goto(`/runbooks/${SLUG}`);
    const header = after.locator("[data-run-id]");
    await expect(header.locator("[data-overdue]")).toHaveText("Atrasado há 4 h");
    await expect(header.locator("[data-run-status]")).toHaveAttribute("data-run-status", /^(open|pending)$/);

    // The run's progress stays on screen at the bottom of a long checklist.
    await after.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => after.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    await expect(header.locator("[data-progress]")).toBeInViewport();
    await expect(header.locator("[data-overdue]")).toBeInViewport();
  } finally {
    await context.close();
  }
});

test("a closed period's unfinished run reads 'Parcial', a period without a run 'Perdido'", async ({ page }) => {
  const operator = await ensureUser("operator", "op-past");
  const [partialDay, missedDay] = [daysAgo(2), daysAgo(3)];
  const prisma = createPrismaClient(config().DATABASE_URL);
  let runId: string;
  try {
    const actor = await prisma.user.findUniqueOrThrow({ where: { email: operator.email } });
    // A past period cannot be ticked through the API (read-only): written the way the portal would have.
    // The demo seed may have worked these days: replaced by a known state (ticks go with the run).
    await prisma.checklistRun.deleteMany({ where: { runbookSlug: SLUG, periodKey: { in: [partialDay, missedDay] } } });
    const run = await prisma.checklistRun.create({
      data: {
        runbookSlug: SLUG,
        runbookVersion: "e2e",
        cadence: "daily",
        periodKey: partialDay,
        requiredItems: ["saude", "filas"],
        optionalItems: [],
      },
    });
    await prisma.checklistTick.create({
      data: { runId: run.id, itemId: "saude", action: "tick", actorId: actor.id, idempotencyKey: randomUUID() },
    });
    runId = run.id;
  } finally {
    await prisma.$disconnect();
  }

  await signInAs(page, "manager");
  await page.goto(`/history/checklists?checklist=${SLUG}&from=${missedDay}&to=${daysAgo(1)}`);
  const cell = (day: string) => page.locator(`[data-history-checklist="${SLUG}"] [data-period="${day}"]`);
  await expect(cell(partialDay)).toHaveAttribute("data-status", "partial");
  await expect(cell(partialDay)).toContainText("Parcial");
  await expect(cell(missedDay)).toHaveAttribute("data-status", "missed");
  await expect(cell(missedDay)).toContainText("Perdido");
  await expect(page.locator(`[data-history-checklist="${SLUG}"]`)).not.toContainText("Em andamento");

  await page.goto(`/history/checklists/runs/${runId}`);
  await expect(page.locator("[data-run-status]").first()).toHaveText("Parcial");
});
