import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { deadLetterJobId } from "@/lib/queues/dead-letter";
import { deletePrefix } from "../tests/helpers/redis";
import { eventually, promQuery, startPrivateAlerting, type PrivateAlerting } from "./support/alerting";
import { ensureUser, signInRequest } from "./support/auth";
import { startPortal, type PortalProcess } from "./support/processes";
import { failPaymentIntoDlq } from "./support/workload";

// The alerting path with the real parts: a payment lands in payments-dlq → a private Prometheus
// scrapes the portal's /api/metrics (behind METRICS_TOKEN) with the shipped rules →
// DeadLetterQueueNotEmpty fires → a private Alertmanager with the shipped route → the portal's
// webhook → an incident on runbook 03 that opens at the rule's step, its queue panels scoped
// to the alert's queue; then the DLQ count and the queue panel coloured by the runbooks' limits.
// The portal is a second process with its own queue prefix, so no other spec's jobs count.

const RUNBOOK = "03-alerta-job-na-dlq";
const STEP = "passo-2-inspecionar-os-dados-e-o-erro-do-job";

test("a job in payments-dlq fires DeadLetterQueueNotEmpty through Prometheus and Alertmanager into an incident on runbook 03", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const prefix = `e2e-alerting-${randomBytes(4).toString("hex")}`;
  const metricsToken = `metrics-${randomBytes(8).toString("hex")}`;
  const webhookToken = `alertmanager-${randomBytes(8).toString("hex")}`;
  const prisma = createPrismaClient(config().DATABASE_URL);
  let portal: PortalProcess | undefined;
  let alerting: PrivateAlerting | undefined;
  let workload: { stop(): Promise<void> } | undefined;
  const context = await browser.newContext();
  try {
    portal = await startPortal({ QUEUE_PREFIX: prefix, METRICS_TOKEN: metricsToken, ALERTMANAGER_TOKEN: webhookToken });
    const portalUrl = portal.url;
    // The scrape below only works because Prometheus sends the token.
    expect((await fetch(`${portalUrl}/api/metrics`)).status).toBe(401);

    alerting = await startPrivateAlerting({ portalUrl, metricsToken, webhookToken });
    const { prometheusUrl } = alerting;
    const logs = () => `${alerting?.output() ?? ""}\n${portal?.output() ?? ""}`;

    // Scraped and empty first: the alert that follows is this job's.
    await eventually(
      "payments-dlq scraped at 0",
      async () =>
        (await promQuery(prometheusUrl, 'bullmq_dlq_size{queue="payments"} == 0')).length === 1 ? true : undefined,
      30_000,
      logs,
    );
    expect(await promQuery(prometheusUrl, 'ALERTS{alertname="DeadLetterQueueNotEmpty"}')).toEqual([]);
    const since = new Date();

    const failed = await failPaymentIntoDlq("card-declined", prefix);
    workload = failed;

    const firing = await eventually(
      "DeadLetterQueueNotEmpty firing",
      async () =>
        (await promQuery(prometheusUrl, 'ALERTS{alertname="DeadLetterQueueNotEmpty", alertstate="firing"}'))[0],
      30_000,
      logs,
    );
    expect(firing.labels).toMatchObject({ queue: "payments", dlq: "payments-dlq", severity: "warning" });

    const incident = await eventually(
      "incident opened by the webhook",
      () =>
        prisma.incident
          .findFirst({
            where: { source: "alertmanager", openedAt: { gte: since }, title: { contains: "payments-dlq" } },
            include: { timeline: true },
          })
          .then((row) => row ?? undefined),
      45_000,
      logs,
    );
    expect(incident.runbookSlug).toBe(RUNBOOK);
    expect(incident.title).toBe("1 job(s) na DLQ payments-dlq (fila payments)");
    expect(incident.timeline[0]?.data).toMatchObject({
      alertname: "DeadLetterQueueNotEmpty",
      queue: "payments",
      runbookUrl: `${portalUrl}/runbooks/${RUNBOOK}#${STEP}`,
    });

    const viewer = await ensureUser("operator", "alerting-operator");
    await signInRequest(context.request, viewer, portalUrl);
    const page = await context.newPage();
    await page.goto(`${portalUrl}/incidents/${incident.id}`);

    // Opens at the step the rule links to.
    await expect(page).toHaveURL(new RegExp(`#${encodeURIComponent(STEP)}$`));
    const step = page.locator(`[id="${STEP}"]`);
    await expect(step).toBeInViewport();
    await expect(page.getByTestId("alert-start")).toContainText("Passo 2: inspecionar os dados e o erro do job");

    // Queue panels show payments only: the runbook's notifications and reports DLQ panels are gone.
    await expect(page.getByTestId("alert-queue")).toContainText("payments");
    await expect(page.locator('section[data-panel="dlq"]')).toHaveCount(1);
    const dlq = page.locator('section[data-panel="dlq"][data-queue="payments"]');
    await expect(dlq.locator(`[data-job-id="${deadLetterJobId("payments", failed.jobId)}"]`)).toBeVisible();
    await expect(page.locator('section[data-panel="failed-jobs"][data-queue="payments"]')).toHaveCount(1);
    await expect(
      page.locator(
        'section[data-panel="dlq"][data-queue="notifications"], section[data-panel="dlq"][data-queue="reports"]',
      ),
    ).toHaveCount(0);
    // Its limit (runbook 03's front-matter: any job is critical) colours the count, with a legend.
    await expect(dlq.locator("[data-total]")).toHaveAttribute("data-limit-level", "critical");
    await expect(dlq.getByTestId("limits-legend")).toContainText("crítico > 0");

    // The health panel rates each dependency's latency against runbook 01's limit.
    const health = page.locator('section[data-panel="health"]');
    await expect(health.locator('[data-dependency="postgres"] [data-limit-level]')).toHaveAttribute(
      "data-limit-level",
      /^(ok|warn|critical)$/,
    );
    await expect(health.getByTestId("limits-legend")).toContainText("atenção > 100");

    // The queue panel colours waiting jobs against runbook 13's limits (warn > 50, critical > 100).
    await failed.stop();
    workload = undefined;
    const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
    try {
      for (const [name, count] of [
        ["reports", 60],
        ["notifications", 120],
      ] as const) {
        const queue = new Queue(name, { connection, prefix });
        await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: "limits", data: { i } })));
        await queue.close();
      }
    } finally {
      await connection.quit();
    }
    await page.goto(`${portalUrl}/runbooks/13-fila-congestionada`);
    const queues = page.locator('section[data-panel="queues"]').first();
    await expect(queues.locator('tr[data-queue="reports"] [data-limit-level]')).toHaveAttribute(
      "data-limit-level",
      "warn",
    );
    await expect(queues.locator('tr[data-queue="notifications"] [data-limit-level]')).toHaveAttribute(
      "data-limit-level",
      "critical",
    );
    await expect(queues.locator('tr[data-queue="payments"] [data-limit-level]')).toHaveAttribute(
      "data-limit-level",
      "ok",
    );
    await expect(queues.getByTestId("limits-legend")).toContainText("atenção > 50");
    await expect(queues.getByTestId("limits-legend")).toContainText("crítico > 100");
  } finally {
    await context.close();
    await workload?.stop();
    await alerting?.stop();
    await portal?.stop();
    await prisma.$disconnect();
    await deletePrefix(prefix);
  }
});
