// Severity changes and incidents declared without a runbook, against a real PostgreSQL (own
// database) and Redis (own prefix): the change with its timeline entry and audit row, the response
// target's recompute, idempotency, bad input changing nothing, alerts carrying a severity, the MTTA/MTTR
// report grouping by the current severity; declaring by hand and attaching a runbook later.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ingestAlert } from "@/lib/incidents/alerts";
import { attachRunbook } from "@/lib/incidents/attach";
import { staticRunbooks } from "@/lib/incidents/deps";
import { ENTRY_EVENT, incidentChannel } from "@/lib/incidents/events";
import { changeStatus, getIncident, openIncident } from "@/lib/incidents/incidents";
import { incidentsCsv, incidentStats } from "@/lib/incidents/reports";
import { changeSeverity } from "@/lib/incidents/severity";
import { parseAlertmanager, parseSentry } from "@/lib/incidents/webhooks";
import type { EntryResult } from "@/lib/incidents/types";
import { BadRequestError, ConflictError } from "@/lib/http/errors";
import { openBodySchema, severityBodySchema } from "@/lib/incidents/validation";
import { sharedIncidentFixture, key, minutes, RUNBOOKS } from "./incidents-fixture";

const fx = sharedIncidentFixture();

const PROCEDURE = {
  slug: "04-restore",
  title: "Restore",
  version: "v4",
  kind: "procedure",
  escalation: [],
  triggers: [],
  items: [{ id: "backup", text: "Escolha o backup" }],
};
const deps = () => fx().deps({ runbooks: staticRunbooks([...RUNBOOKS, PROCEDURE]) });

const open = (severity: "P1" | "P2" | "P3" = "P2") =>
  openIncident(
    { runbookSlug: "03-alerta-job-na-dlq", title: "Pagamento na DLQ", severity, idempotencyKey: key("open") },
    fx().users.lucas,
    deps(),
  );

const raise = (id: string, to: "P1" | "P2" | "P3", reason = "Pagamentos parados", idempotencyKey = key("sev")) =>
  changeSeverity(id, { to, reason, idempotencyKey }, fx().users.lucas, deps());

const rejection = async (p: Promise<unknown>) =>
  p.then(
    () => assert.fail("expected a rejection"),
    (e: Error) => e,
  );

describe("severity changes", () => {
  test("a raise: the incident, a timeline entry, an audit row, the target counted from the raise", async () => {
    const incident = await open("P2");
    fx().clock.now = minutes(new Date(incident.openedAt), 10);
    const result = await raise(incident.id, "P1");
    assert.equal(result.outcome, "created");
    assert.equal(result.incident.severity, "P1");
    assert.equal(result.entry.kind, "severity");
    assert.equal(result.entry.body, "Pagamentos parados");
    assert.deepEqual(result.entry.data, {
      from: "P2",
      to: "P1",
      raise: true,
      reason: "Pagamentos parados",
      targetMinutes: 15,
      countsFrom: fx().clock.now.toISOString(),
    });
    assert.equal(result.incident.target.targetMinutes, 15);
    assert.equal(result.incident.target.countsFrom, fx().clock.now.toISOString());
    assert.equal(result.incident.target.dueAt, minutes(fx().clock.now, 15).toISOString());
    const audit = await fx().prisma.auditEvent.findMany({ where: { action: "incident.severity" } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actorLabel, "lucas@example.com", "audit rows name the actor by e-mail");
    const row = await fx().prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    assert.equal(row.severity, "P1");
  });

  test("a lower keeps the moment the target counts from; after acknowledgement the target stays", async () => {
    const incident = await open("P1");
    fx().clock.now = minutes(new Date(incident.openedAt), 5);
    const lowered = await raise(incident.id, "P3", "Só um cliente afetado");
    assert.equal(lowered.incident.target.targetMinutes, 240);
    assert.equal(lowered.incident.target.countsFrom, incident.openedAt);
    await changeStatus(incident.id, { to: "acknowledged", idempotencyKey: key() }, fx().users.lucas, deps());
    fx().clock.now = minutes(new Date(incident.openedAt), 30);
    const raised = await raise(incident.id, "P1", "Voltou a piorar");
    assert.equal(raised.incident.severity, "P1");
    assert.equal(raised.incident.target.targetMinutes, 240, "an answered response keeps its target");
    assert.equal(raised.incident.target.breached, false);
  });

  test("the same key replays the first answer and changes nothing more", async () => {
    const incident = await open("P2");
    const k = key("sev");
    const [a, b] = await Promise.all(
      [raise(incident.id, "P1", "x", k), raise(incident.id, "P1", "x", k)].map((p) => p.catch((e: Error) => e)),
    );
    const ok = [a, b].filter((r): r is EntryResult => !(r instanceof Error));
    assert.ok(ok.length >= 1);
    assert.equal(new Set(ok.map((r) => r.entry.id)).size, 1);
    assert.equal((await raise(incident.id, "P1", "x", k)).outcome, "replayed");
    assert.equal(await fx().prisma.timelineEntry.count({ where: { incidentId: incident.id, kind: "severity" } }), 1);
    assert.equal(await fx().prisma.auditEvent.count({ where: { action: "incident.severity" } }), 1);
  });

  test("bad input: severity outside P1–P3, empty or too long reason (400); same severity, resolved (409); nothing changed", async () => {
    const body = (over: Record<string, unknown>) =>
      severityBodySchema.safeParse({ to: "P1", reason: "motivo", idempotencyKey: key(), ...over });
    assert.equal(body({}).success, true);
    assert.equal(body({ to: "P4" }).success, false);
    assert.equal(body({ to: "p1" }).success, false);
    assert.equal(body({ reason: "   " }).success, false);
    assert.equal(body({ reason: "x".repeat(501) }).success, false);
    assert.equal(body({ reason: "x".repeat(500) }).success, true);
    const incident = await open("P2");
    assert.ok((await rejection(raise(incident.id, "P2"))) instanceof ConflictError);
    await changeStatus(incident.id, { to: "resolved", idempotencyKey: key() }, fx().users.lucas, deps());
    assert.ok((await rejection(raise(incident.id, "P1"))) instanceof ConflictError);
    const row = await fx().prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    assert.equal(row.severity, "P2");
    assert.equal(row.targetMinutes, null);
    assert.equal(await fx().prisma.timelineEntry.count({ where: { kind: "severity" } }), 0);
    assert.equal(await fx().prisma.auditEvent.count({ where: { action: "incident.severity" } }), 0);
  });

  test("published live: other viewers get the new severity and target", async () => {
    const incident = await open("P2");
    const received: EntryResult[] = [];
    const stop = await fx().hub.subscribe([incidentChannel(incident.id)], {
      listener: (e) => e.type === ENTRY_EVENT && received.push(e.data as EntryResult),
    });
    try {
      await changeSeverity(
        incident.id,
        { to: "P3", reason: "Só um cliente", idempotencyKey: key() },
        fx().users.lucas,
        fx().deps({ live: fx().hub }),
      );
      for (let i = 0; i < 50 && received.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(received.length, 1);
      assert.equal(received[0]!.entry.kind, "severity");
      assert.equal(received[0]!.incident.severity, "P3");
      assert.equal(received[0]!.incident.target.targetMinutes, 240);
    } finally {
      stop();
    }
  });

  test("the report counts an incident under its current severity and lists its changes", async () => {
    const incident = await open("P2");
    await raise(incident.id, "P1");
    await open("P2");
    const stats = await incidentStats({ from: "2026-11-25", to: "2026-11-25" }, deps());
    const p1 = stats.bySeverity.find((r) => r.key === "P1");
    const p2 = stats.bySeverity.find((r) => r.key === "P2");
    assert.equal(p1?.count, 1);
    assert.deepEqual(p1?.changes, [`INC-${incident.number} P2→P1`]);
    assert.deepEqual(p2?.changes, []);
    const csv = await incidentsCsv({ from: "2026-11-25", to: "2026-11-25" }, deps());
    assert.match(csv, /severity_changes/);
    assert.match(csv, /P2→P1/);
  });
});

describe("alerts carrying a severity", () => {
  const alertmanager = (severity: string) =>
    parseAlertmanager({
      status: "firing",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "DeadLetterQueueNotEmpty", queue: "payments", severity },
          annotations: { summary: "DLQ payments" },
          fingerprint: "sev1",
        },
      ],
    })[0]!;

  test("the parsers read Alertmanager's label (critical/warning/info or P1..P3) and Sentry's level", () => {
    assert.deepEqual(
      ["critical", "warning", "info", "P1", "p3", "constructor", "none"].map((s) => alertmanager(s).severity),
      ["P1", "P2", "P3", "P1", "P3", undefined, undefined],
    );
    const issue = (level: string) =>
      parseSentry(
        "event_alert",
        { action: "triggered", data: { event: { issue_id: "1", title: "Erro", level } } },
        null,
      )?.severity;
    assert.deepEqual(["fatal", "error", "warning", "info"].map(issue), ["P1", "P2", "P3", undefined]);
  });

  test("sets the severity on opening; a repeat raising it records a change, a lower one does not lower it", async () => {
    const first = await ingestAlert(alertmanager("info"), deps());
    assert.equal(first.outcome, "opened");
    let view = await getIncident(first.incidentId!, deps());
    assert.equal(view.severity, "P3", "the alert's severity wins over the runbook's P2");
    fx().clock.now = minutes(fx().clock.now, 3);
    await ingestAlert(alertmanager("critical"), deps());
    view = await getIncident(first.incidentId!, deps());
    assert.equal(view.severity, "P1");
    assert.equal(view.target.targetMinutes, 15);
    assert.equal(view.target.countsFrom, fx().clock.now.toISOString());
    const change = view.timeline.find((e) => e.kind === "severity");
    assert.equal(change?.actor, null);
    assert.deepEqual(
      change?.data && { from: (change.data as { from: string }).from, to: (change.data as { to: string }).to },
      { from: "P3", to: "P1" },
    );
    assert.equal(
      await fx().prisma.auditEvent.count({
        where: { action: "incident.severity", actorLabel: "webhook:alertmanager" },
      }),
      1,
    );
    await ingestAlert(alertmanager("warning"), deps());
    view = await getIncident(first.incidentId!, deps());
    assert.equal(view.severity, "P1");
    assert.equal(view.timeline.filter((e) => e.kind === "severity").length, 1);
  });
});

describe("incidents without a runbook", () => {
  test("declared with title, severity and commander only; a procedure runbook attached later, on the timeline and in the audit", async () => {
    assert.equal(openBodySchema.safeParse({ title: "Janela falhou", idempotencyKey: key() }).success, true);
    const incident = await openIncident(
      {
        title: "Janela de manutenção falhou",
        severity: "P1",
        commanderId: fx().users.marcos.id,
        idempotencyKey: key("open"),
      },
      fx().users.lucas,
      deps(),
    );
    assert.equal(incident.runbookSlug, null);
    assert.equal(incident.severity, "P1");
    assert.equal(incident.commander?.id, fx().users.marcos.id);
    assert.match(incident.timeline[0]!.body ?? "", /sem runbook/);
    const k = key("rb");
    const attached = await attachRunbook(
      incident.id,
      { runbookSlug: "04-restore", idempotencyKey: k },
      fx().users.marcos,
      deps(),
    );
    assert.equal(attached.entry.kind, "runbook");
    assert.equal(attached.incident.runbookSlug, "04-restore");
    assert.equal(attached.incident.runbookVersion, "v4");
    assert.equal(
      (await attachRunbook(incident.id, { runbookSlug: "04-restore", idempotencyKey: k }, fx().users.marcos, deps()))
        .outcome,
      "replayed",
    );
    assert.equal(
      await fx().prisma.auditEvent.count({ where: { action: "incident.runbook", targetId: incident.id } }),
      1,
    );
  });

  test("only alert or procedure runbooks, only once; refusals change nothing", async () => {
    const incident = await openIncident(
      { title: "Sem runbook", idempotencyKey: key("open") },
      fx().users.lucas,
      deps(),
    );
    assert.ok(
      (await rejection(
        attachRunbook(incident.id, { runbookSlug: "01-diario", idempotencyKey: key() }, fx().users.lucas, deps()),
      )) instanceof BadRequestError,
    );
    assert.ok(
      (await rejection(
        attachRunbook(incident.id, { runbookSlug: "nao-existe", idempotencyKey: key() }, fx().users.lucas, deps()),
      )) instanceof BadRequestError,
    );
    assert.equal((await getIncident(incident.id, deps())).runbookSlug, null);
    await attachRunbook(
      incident.id,
      { runbookSlug: "02-alerta-performance-degradada", idempotencyKey: key() },
      fx().users.lucas,
      deps(),
    );
    assert.ok(
      (await rejection(
        attachRunbook(incident.id, { runbookSlug: "04-restore", idempotencyKey: key() }, fx().users.lucas, deps()),
      )) instanceof ConflictError,
    );
    const view = await getIncident(incident.id, deps());
    assert.equal(view.runbookSlug, "02-alerta-performance-degradada");
    assert.equal(view.timeline.filter((e) => e.kind === "runbook").length, 1);
    const procedureOpened = await openIncident(
      { runbookSlug: "04-restore", title: "Restore falhou", idempotencyKey: key("open") },
      fx().users.lucas,
      deps(),
    );
    assert.equal(procedureOpened.runbookSlug, "04-restore");
  });
});
