import { test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig } from "@/lib/config";
import type { PanelSpec } from "@/lib/runbooks/panels";
import { scopePanels } from "./alert-context";
import { parseAlertmanager } from "./webhooks";

const QUEUES = parseConfig({}).queues;

// Runbook 03's panels, in its order.
const PANELS: PanelSpec[] = [
  { type: "dlq", args: { queue: "payments" } },
  { type: "failed-jobs", args: { queue: "payments" } },
  { type: "dlq", args: { queue: "notifications" } },
  { type: "dlq", args: { queue: "reports", limit: 3 } },
  { type: "health", args: {} },
  { type: "failed-jobs", args: { queue: "reports-dlq" } },
];

test("an alert on a queue scopes every queue panel to it and drops the repeats", () => {
  assert.deepEqual(scopePanels(PANELS, "notifications", QUEUES), [
    { type: "dlq", args: { queue: "notifications" } },
    { type: "failed-jobs", args: { queue: "notifications" } },
    null,
    { type: "dlq", args: { queue: "notifications", limit: 3 } },
    { type: "health", args: {} },
    { type: "failed-jobs", args: { queue: "notifications-dlq" } },
  ]);
});

test("no queue, or a queue the portal does not monitor, leaves the panels as written", () => {
  assert.deepEqual(scopePanels(PANELS, undefined, QUEUES), PANELS);
  assert.deepEqual(scopePanels(PANELS, "billing", QUEUES), PANELS);
});

test("an Alertmanager alert keeps its runbook_url and queue label for the incident page", () => {
  const [alert] = parseAlertmanager({
    status: "firing",
    alerts: [
      {
        status: "firing",
        labels: { alertname: "DeadLetterQueueNotEmpty", queue: "payments", dlq: "payments-dlq", severity: "warning" },
        annotations: {
          summary: "1 job(s) na DLQ",
          runbook_url:
            "https://portal.example/runbooks/03-alerta-job-na-dlq#passo-2-inspecionar-os-dados-e-o-erro-do-job",
        },
      },
    ],
  });
  assert.equal(alert?.details?.queue, "payments");
  assert.equal(
    alert?.details?.runbookUrl,
    "https://portal.example/runbooks/03-alerta-job-na-dlq#passo-2-inspecionar-os-dados-e-o-erro-do-job",
  );
});
