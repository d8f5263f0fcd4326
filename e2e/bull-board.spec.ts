import { expect, test } from "@playwright/test";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { DECLINED_CARD_ERROR } from "@/lib/queues/demo-workload";
import { E2E_BASE_URL, signInAs } from "./support/auth";
import { failPaymentIntoDlq } from "./support/workload";

test("Bull Board at /admin/queues lists the demo queues and shows a failed payment's error", async ({ page }) => {
  const failed = await failPaymentIntoDlq("card-declined");
  try {
    await signInAs(page, "operator");
    const api = await page.request.get("/admin/queues/api/queues?activeQueue=payments&status=failed&page=1");
    expect(api.status()).toBe(200);
    const body = (await api.json()) as {
      queues: Array<{
        name: string;
        counts: Record<string, number>;
        jobs: Array<{ id: string; failedReason: string }>;
      }>;
    };
    const names = body.queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(["payments", "payments-dlq", "notifications", "reports"]));
    const payments = body.queues.find((q) => q.name === "payments")!;
    expect(payments.counts.failed).toBeGreaterThan(0);
    expect(payments.jobs.some((j) => j.failedReason === DECLINED_CARD_ERROR)).toBe(true);

    await page.goto("/admin/queues/queue/payments?status=failed");
    await expect(page.getByText("Pagamentos").first()).toBeVisible();
    await expect(page.getByText(DECLINED_CARD_ERROR).first()).toBeVisible();
  } finally {
    await failed.stop();
  }
});

test("an operator's retry through Bull Board is accepted and lands in the audit log", async ({ page }) => {
  const failed = await failPaymentIntoDlq("card-declined");
  try {
    const user = await signInAs(page, "operator");
    const retry = await page.request.put(`/admin/queues/api/queues/payments/${failed.jobId}/retry`, {
      headers: { origin: E2E_BASE_URL },
    });
    expect(retry.ok()).toBe(true);
    const prisma = createPrismaClient(config().DATABASE_URL);
    try {
      await expect
        .poll(
          async () =>
            prisma.auditEvent.findFirst({ where: { action: "bullboard.retry", targetId: `payments/${failed.jobId}` } }),
          { timeout: 5000 },
        )
        .toMatchObject({ actorLabel: user.email, targetType: "job" });
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await failed.stop();
  }
});

test("an admin's Obliterate and Retry all on payments are refused with runbook 03's rule; the board shows the rule", async ({
  page,
}) => {
  // A failed payment to protect; the workload stops first so nothing moves while counts are compared.
  await (await failPaymentIntoDlq("card-declined")).stop();
  await signInAs(page, "admin");
  const count = async () =>
    (
      (await (await page.request.get("/admin/queues/api/queues?activeQueue=payments&status=failed&page=1")).json()) as {
        queues: Array<{ name: string; counts: Record<string, number> }>;
      }
    ).queues.find((q) => q.name === "payments")!.counts;
  const before = await count();
  const obliterate = await page.request.put("/admin/queues/api/queues/payments/obliterate", {
    headers: { origin: E2E_BASE_URL },
    data: {},
  });
  expect(obliterate.status()).toBe(403);
  expect(await obliterate.json()).toEqual({
    error: "Bloqueado na fila payments: o runbook 03 proíbe Obliterate nesta fila.",
  });
  const retryAll = await page.request.put("/admin/queues/api/queues/payments/retry/failed", {
    headers: { origin: E2E_BASE_URL },
  });
  expect(retryAll.status()).toBe(403);
  expect((await retryAll.json()).error).toContain("o runbook 03 proíbe Retry all");
  expect(await count()).toEqual(before);

  await page.goto("/admin/queues/queue/payments?status=failed");
  await expect(page.getByText(/Runbook 03 — bloqueado: Empty, Obliterate, Clean, Retry all/).first()).toBeVisible();
});

test("the board offers a way back to the portal", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/admin/queues");
  await expect(page.getByText("Filas — Portal de Operações").first()).toBeVisible();
  // Bull Board puts its misc links in the header's last menu.
  await page.locator("header ul li").last().getByRole("button").click();
  await page.getByRole("menuitem", { name: "Voltar ao portal" }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
  await expect(page.getByRole("navigation").first()).toBeVisible();
});
