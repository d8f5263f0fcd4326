import { expect, test } from "@playwright/test";
import { DECLINED_CARD_ERROR } from "@/lib/queues/demo-workload";
import { failPaymentIntoDlq } from "./support/workload";

test("Bull Board at /admin/queues lists the demo queues and shows a failed payment's error", async ({ page, request }) => {
  const failed = await failPaymentIntoDlq("card-declined");
  try {
    const api = await request.get("/admin/queues/api/queues?activeQueue=payments&status=failed&page=1");
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number>; jobs: Array<{ id: string; failedReason: string }> }> };
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
