// Incidents against a real PostgreSQL (own database) and Redis (own prefix): opening from a
// runbook, status transitions (invalid ones rejected, nothing written), idempotent changes,
// commander hand-over, response-target breach, live entries, and the alert dedupe.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ingestAlert, matchRunbook, type Alert } from "@/lib/incidents/alerts";
import { ENTRY_EVENT, incidentChannel } from "@/lib/incidents/events";
import { addNote, changeStatus, getIncident, handOver, listIncidents, openIncident } from "@/lib/incidents/incidents";
import { responseTarget } from "@/lib/incidents/targets";
import { transitionKind } from "@/lib/incidents/transitions";
import type { EntryResult } from "@/lib/incidents/types";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/http/errors";
import {
  jobActionBodySchema,
  listQuerySchema,
  noteBodySchema,
  openBodySchema,
  statusBodySchema,
} from "@/lib/incidents/validation";
import { sharedIncidentFixture, key, minutes, RUNBOOKS } from "./incidents-fixture";

const fx = sharedIncidentFixture();

const open = (severity?: "P1" | "P2" | "P3") =>
  openIncident(
    { runbookSlug: "03-alerta-job-na-dlq", title: "Pagamento na DLQ", severity, idempotencyKey: key("open") },
    fx().users.lucas,
    fx().deps(),
  );

describe("opening", () => {
  test("from an alert runbook: severity from the runbook, opener is commander, timeline and audit written", async () => {
    const incident = await open();
    assert.equal(incident.severity, "P2");
    assert.equal(incident.status, "open");
    assert.equal(incident.runbookVersion, "v3");
    assert.equal(incident.commander?.id, fx().users.lucas.id);
    assert.deepEqual(
      incident.timeline.map((e) => e.kind),
      ["status"],
    );
    assert.match(incident.timeline[0]!.body ?? "", /Comandante: lucas/);
    assert.equal(await fx().prisma.auditEvent.count({ where: { action: "incident.open" } }), 1);
  });

  test("audit rows name the actor by id and e-mail, never by the display name they could change", async () => {
    const incident = await open();
    await addNote(
      incident.id,
      noteBodySchema.parse({ body: "Investigando.", idempotencyKey: key("note") }),
      fx().users.lucas,
      fx().deps(),
    );
    const rows = await fx().prisma.auditEvent.findMany({
      where: { targetId: incident.id },
      select: { actorId: true, actorLabel: true, action: true },
    });
    assert.deepEqual(rows.map((r) => r.action).sort(), ["incident.note", "incident.open"]);
    for (const row of rows) assert.deepEqual([row.actorId, row.actorLabel], [fx().users.lucas.id, "lucas@example.com"]);
  });

  test("the same idempotency key opens one incident; non-alert and unknown runbooks are rejected", async () => {
    const body = { runbookSlug: "02-alerta-performance-degradada", title: "Lento", idempotencyKey: key("open") };
    const [a, b] = await Promise.all(
      [openIncident(body, fx().users.lucas, fx().deps()), openIncident(body, fx().users.lucas, fx().deps())].map((p) =>
        p.catch((e: Error) => e),
      ),
    );
    const ids = [a, b].filter((x) => !(x instanceof Error)).map((x) => (x as { id: string }).id);
    assert.ok(ids.length >= 1);
    assert.equal(new Set(ids).size, 1);
    assert.equal(await fx().prisma.incident.count(), 1);
    await assert.rejects(
      openIncident({ ...body, runbookSlug: "01-diario", idempotencyKey: key() }, fx().users.lucas, fx().deps()),
      BadRequestError,
    );
    await assert.rejects(
      openIncident({ ...body, runbookSlug: "99-nada", idempotencyKey: key() }, fx().users.lucas, fx().deps()),
      BadRequestError,
    );
  });
});

describe("status transitions", () => {
  test("the transition table", () => {
    assert.equal(transitionKind("open", "acknowledged"), "forward");
    assert.equal(transitionKind("open", "resolved"), "forward");
    assert.equal(transitionKind("resolved", "open"), "reopen");
    assert.equal(transitionKind("mitigated", "open"), "reopen");
    assert.equal(transitionKind("open", "open"), null);
    assert.equal(transitionKind("resolved", "mitigated"), null);
    assert.equal(transitionKind("mitigated", "acknowledged"), null);
    assert.equal(transitionKind("acknowledged", "open"), null);
  });

  test("open → acknowledged → mitigated → resolved, each timestamped; reopen keeps the first acknowledgement", async () => {
    const incident = await open();
    const t0 = fx().clock.now;
    fx().clock.now = minutes(t0, 5);
    await changeStatus(incident.id, { to: "acknowledged", idempotencyKey: key() }, fx().users.lucas, fx().deps());
    fx().clock.now = minutes(t0, 20);
    await changeStatus(incident.id, { to: "mitigated", idempotencyKey: key() }, fx().users.lucas, fx().deps());
    fx().clock.now = minutes(t0, 45);
    const resolved = await changeStatus(
      incident.id,
      { to: "resolved", note: "pronto", idempotencyKey: key() },
      fx().users.marcos,
      fx().deps(),
    );
    assert.equal(resolved.incident.status, "resolved");
    assert.equal(resolved.incident.acknowledgedAt, minutes(t0, 5).toISOString());
    assert.equal(resolved.incident.mitigatedAt, minutes(t0, 20).toISOString());
    assert.equal(resolved.incident.resolvedAt, minutes(t0, 45).toISOString());
    assert.deepEqual(resolved.entry.data, { from: "mitigated", to: "resolved", reopen: false });
    assert.equal(resolved.entry.actor?.name, "marcos");

    fx().clock.now = minutes(t0, 60);
    const reopened = await changeStatus(
      incident.id,
      { to: "open", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    assert.equal(reopened.incident.status, "open");
    assert.equal(reopened.incident.resolvedAt, null);
    assert.equal(reopened.incident.mitigatedAt, null);
    assert.equal(reopened.incident.acknowledgedAt, minutes(t0, 5).toISOString());
    assert.equal(await fx().prisma.auditEvent.count({ where: { action: "incident.reopen" } }), 1);
  });

  test("a skipped step is stamped at the same moment", async () => {
    const incident = await open();
    fx().clock.now = minutes(fx().clock.now, 10);
    const r = await changeStatus(
      incident.id,
      { to: "resolved", note: "resolvido", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    assert.equal(r.incident.acknowledgedAt, fx().clock.now.toISOString());
    assert.equal(r.incident.mitigatedAt, fx().clock.now.toISOString());
  });

  test("invalid transitions are rejected with 409 and write nothing", async () => {
    const incident = await open();
    const before = { entries: await fx().prisma.timelineEntry.count(), audit: await fx().prisma.auditEvent.count() };
    await assert.rejects(
      changeStatus(incident.id, { to: "open", idempotencyKey: key() }, fx().users.lucas, fx().deps()),
      ConflictError,
    );
    await changeStatus(incident.id, { to: "mitigated", idempotencyKey: key() }, fx().users.lucas, fx().deps());
    await assert.rejects(
      changeStatus(incident.id, { to: "acknowledged", idempotencyKey: key() }, fx().users.lucas, fx().deps()),
      ConflictError,
    );
    await assert.rejects(
      changeStatus(incident.id, { to: "mitigated", idempotencyKey: key() }, fx().users.lucas, fx().deps()),
      ConflictError,
    );
    assert.equal(await fx().prisma.timelineEntry.count(), before.entries + 1);
    assert.equal(await fx().prisma.auditEvent.count(), before.audit + 1);
    await assert.rejects(
      changeStatus(
        "00000000-0000-4000-8000-000000000000",
        { to: "resolved", note: "resolvido", idempotencyKey: key() },
        fx().users.lucas,
        fx().deps(),
      ),
      NotFoundError,
    );
    await assert.rejects(
      changeStatus(
        "not-a-uuid",
        { to: "resolved", note: "resolvido", idempotencyKey: key() },
        fx().users.lucas,
        fx().deps(),
      ),
      NotFoundError,
    );
  });

  test("a double click (same key) replays; two different clicks at once: one wins, one is rejected", async () => {
    const incident = await open();
    const k = key();
    const first = await changeStatus(
      incident.id,
      { to: "acknowledged", idempotencyKey: k },
      fx().users.lucas,
      fx().deps(),
    );
    const again = await changeStatus(
      incident.id,
      { to: "acknowledged", idempotencyKey: k },
      fx().users.lucas,
      fx().deps(),
    );
    assert.equal(first.outcome, "created");
    assert.equal(again.outcome, "replayed");
    assert.equal(again.entry.id, first.entry.id);
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        changeStatus(
          incident.id,
          { to: "resolved", note: "resolvido", idempotencyKey: key() },
          fx().users.lucas,
          fx().deps(),
        ),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    assert.equal(await fx().prisma.timelineEntry.count({ where: { incidentId: incident.id, kind: "status" } }), 3);
  });
});

describe("response target", () => {
  test("P1 15 min, P2 1 h, P3 4 h: countdown, then breach; a late acknowledgement stays breached", () => {
    const openedAt = new Date("2026-11-25T11:00:00Z");
    const p1 = responseTarget({ severity: "P1", openedAt, acknowledgedAt: null }, minutes(openedAt, 10));
    assert.deepEqual([p1.targetMinutes, p1.breached, p1.remainingMs], [15, false, 5 * 60_000]);
    assert.equal(p1.dueAt, "2026-11-25T11:15:00.000Z");
    assert.equal(
      responseTarget({ severity: "P1", openedAt, acknowledgedAt: null }, minutes(openedAt, 15)).breached,
      false,
    );
    assert.equal(
      responseTarget({ severity: "P1", openedAt, acknowledgedAt: null }, minutes(openedAt, 16)).breached,
      true,
    );
    assert.equal(
      responseTarget({ severity: "P2", openedAt, acknowledgedAt: minutes(openedAt, 59) }, minutes(openedAt, 500))
        .breached,
      false,
    );
    assert.equal(
      responseTarget({ severity: "P2", openedAt, acknowledgedAt: minutes(openedAt, 61) }, minutes(openedAt, 61))
        .breached,
      true,
    );
    assert.equal(
      responseTarget({ severity: "P3", openedAt, acknowledgedAt: null }, minutes(openedAt, 239)).breached,
      false,
    );
    assert.equal(
      responseTarget({ severity: "P3", openedAt, acknowledgedAt: null }, minutes(openedAt, 241)).breached,
      true,
    );
    assert.equal(
      responseTarget({ severity: "P3", openedAt, acknowledgedAt: minutes(openedAt, 1) }, minutes(openedAt, 1))
        .remainingMs,
      null,
    );
  });

  test("the incident view carries it, computed at read time", async () => {
    const incident = await open("P1");
    fx().clock.now = minutes(fx().clock.now, 20);
    const view = await getIncident(incident.id, fx().deps());
    assert.equal(view.target.breached, true);
    assert.equal(view.target.remainingMs, -5 * 60_000);
  });
});

describe("notes, commander, live", () => {
  test("a note and a hand-over reach a live subscriber; viewers cannot command", async () => {
    const incident = await open();
    const received: EntryResult[] = [];
    const stop = await fx().hub.subscribe([incidentChannel(incident.id)], {
      listener: (e) => e.type === ENTRY_EVENT && received.push(e.data as EntryResult),
    });
    try {
      const note = await addNote(
        incident.id,
        { body: "**olhando** <script>x</script>", idempotencyKey: key() },
        fx().users.lucas,
        fx().deps({ live: fx().hub }),
      );
      const hand = await handOver(
        incident.id,
        { commanderId: fx().users.marcos.id, idempotencyKey: key() },
        fx().users.lucas,
        fx().deps({ live: fx().hub }),
      );
      assert.equal(hand.incident.commander?.name, "marcos");
      assert.match(hand.entry.body ?? "", /lucas para marcos/);
      await assert.rejects(
        handOver(
          incident.id,
          { commanderId: fx().users.marcos.id, idempotencyKey: key() },
          fx().users.lucas,
          fx().deps(),
        ),
        ConflictError,
      );
      await assert.rejects(
        handOver(
          incident.id,
          { commanderId: fx().users.visitante.id, idempotencyKey: key() },
          fx().users.lucas,
          fx().deps(),
        ),
        BadRequestError,
      );
      for (let i = 0; i < 50 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(
        received.map((r) => r.entry.id),
        [note.entry.id, hand.entry.id],
      );
      // Stored as typed; sanitised when rendered.
      assert.equal(received[0]!.entry.body, "**olhando** <script>x</script>");
      assert.equal(received[0]!.entry.html, "<p><strong>olhando</strong> x</p>");
    } finally {
      stop();
    }
  });

  test("the list filters by status, severity, runbook and date", async () => {
    const a = await open("P1");
    fx().clock.now = new Date("2026-11-27T11:00:00Z");
    await openIncident(
      { runbookSlug: "02-alerta-performance-degradada", title: "Lento", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    await changeStatus(
      a.id,
      { to: "resolved", note: "resolvido", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    const titles = async (q: object) => (await listIncidents(q, fx().deps())).map((i) => i.title);
    assert.deepEqual(await titles({}), ["Lento", "Pagamento na DLQ"]);
    assert.deepEqual(await titles({ status: "resolved" }), ["Pagamento na DLQ"]);
    assert.deepEqual(await titles({ severity: "P2" }), ["Lento"]);
    assert.deepEqual(await titles({ runbook: "03-alerta-job-na-dlq" }), ["Pagamento na DLQ"]);
    assert.deepEqual(await titles({ from: "2026-11-26" }), ["Lento"]);
    assert.deepEqual(await titles({ to: "2026-11-25" }), ["Pagamento na DLQ"]);
  });
});

const metricAlert = (over: Partial<Alert> = {}): Alert => ({
  source: "sentry",
  fingerprint: "sentry:metric:77:1001",
  matchText: ["P95 > 750 ms (checkout)"],
  title: "P95 > 750 ms em /api/checkout",
  status: "firing",
  deliveryId: key("req"),
  ...over,
});

describe("alerts", () => {
  test("trigger matching ignores case and spaces, and the source", () => {
    assert.equal(
      matchRunbook({ source: "sentry", matchText: ["p95>750MS"] }, RUNBOOKS)?.slug,
      "02-alerta-performance-degradada",
    );
    assert.equal(matchRunbook({ source: "alertmanager", matchText: ["P95 > 750ms"] }, RUNBOOKS), undefined);
    assert.equal(
      matchRunbook({ source: "alertmanager", matchText: ["DeadLetterQueueNotEmpty"] }, RUNBOOKS)?.slug,
      "03-alerta-job-na-dlq",
    );
  });

  test("first alert opens an incident on the runbook; a repeat appends; resolved is recorded, not applied", async () => {
    const first = await ingestAlert(metricAlert(), fx().deps());
    assert.equal(first.outcome, "opened");
    assert.equal(first.runbookSlug, "02-alerta-performance-degradada");
    const repeat = await ingestAlert(metricAlert(), fx().deps());
    assert.equal(repeat.outcome, "appended");
    assert.equal(repeat.incidentId, first.incidentId);
    const resolved = await ingestAlert(metricAlert({ status: "resolved" }), fx().deps());
    assert.equal(resolved.outcome, "resolved-recorded");
    const view = await getIncident(first.incidentId!, fx().deps());
    assert.equal(view.status, "open");
    assert.equal(view.source, "sentry");
    assert.equal(view.severity, "P2");
    assert.deepEqual(
      view.timeline.map((e) => e.kind),
      ["alert", "alert", "alert"],
    );
    assert.equal(await fx().prisma.incident.count(), 1);
    assert.equal(await fx().prisma.auditEvent.count({ where: { actorLabel: "webhook:sentry" } }), 3);
  });

  test("a redelivery (same Request-ID) changes nothing; concurrent first alerts open one incident", async () => {
    const alert = metricAlert();
    await ingestAlert(alert, fx().deps());
    assert.equal((await ingestAlert(alert, fx().deps())).outcome, "replayed");
    assert.equal(await fx().prisma.timelineEntry.count(), 1);
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => ingestAlert(metricAlert({ fingerprint: "sentry:metric:77:2002" }), fx().deps())),
    );
    assert.deepEqual(burst.map((r) => r.outcome).sort(), [
      "appended",
      "appended",
      "appended",
      "appended",
      "appended",
      "appended",
      "appended",
      "opened",
    ]);
    assert.equal(await fx().prisma.incident.count({ where: { fingerprint: "sentry:metric:77:2002" } }), 1);
  });

  test("after the incident is resolved, the same fingerprint opens a new one; resolved for nothing is ignored", async () => {
    const first = await ingestAlert(metricAlert(), fx().deps());
    await changeStatus(
      first.incidentId!,
      { to: "resolved", note: "resolvido", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    const second = await ingestAlert(metricAlert(), fx().deps());
    assert.equal(second.outcome, "opened");
    assert.notEqual(second.incidentId, first.incidentId);
    assert.equal(
      (await ingestAlert(metricAlert({ fingerprint: "sentry:metric:1:1", status: "resolved" }), fx().deps())).outcome,
      "ignored",
    );
  });

  test("an alert no runbook matches still opens an incident, with the source's severity", async () => {
    const r = await ingestAlert(
      {
        source: "alertmanager",
        fingerprint: "alertmanager:x",
        matchText: ["DiskFull"],
        title: "Disco cheio",
        status: "firing",
        severity: "P1",
      },
      fx().deps(),
    );
    const view = await getIncident(r.incidentId!, fx().deps());
    assert.equal(view.runbookSlug, null);
    assert.equal(view.severity, "P1");
  });
});

describe("MTTA / MTTR", () => {
  test("by severity and by runbook over a range; CSV carries every incident", async () => {
    const { incidentStats, incidentsCsv } = await import("@/lib/incidents/reports");
    const t0 = fx().clock.now;
    const a = await open("P1");
    fx().clock.now = minutes(t0, 10);
    await changeStatus(a.id, { to: "acknowledged", idempotencyKey: key() }, fx().users.lucas, fx().deps());
    fx().clock.now = minutes(t0, 70);
    await changeStatus(
      a.id,
      { to: "resolved", note: "resolvido", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    fx().clock.now = t0;
    const b = await openIncident(
      { runbookSlug: "02-alerta-performance-degradada", title: "=HYPERLINK(x)", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    fx().clock.now = minutes(t0, 30);
    await changeStatus(
      b.id,
      { to: "resolved", note: "resolvido", idempotencyKey: key() },
      fx().users.lucas,
      fx().deps(),
    );
    const stats = await incidentStats({ from: "2026-11-25", to: "2026-11-25" }, fx().deps());
    assert.deepEqual(stats.total, {
      key: "total",
      count: 2,
      acknowledged: 2,
      resolved: 2,
      breached: 0,
      mttaMinutes: 20,
      mttrMinutes: 50,
      changes: [],
    });
    assert.deepEqual(
      stats.bySeverity.map((r) => [r.key, r.mttaMinutes, r.mttrMinutes]),
      [
        ["P1", 10, 70],
        ["P2", 30, 30],
      ],
    );
    assert.deepEqual(
      stats.byRunbook.map((r) => r.key),
      ["02-alerta-performance-degradada", "03-alerta-job-na-dlq"],
    );
    assert.equal((await incidentStats({ from: "2026-11-26", to: "2026-11-30" }, fx().deps())).total.count, 0);
    const csv = await incidentsCsv({ from: "2026-11-25", to: "2026-11-25" }, fx().deps());
    const lines = csv.trim().split("\r\n");
    assert.equal(lines.length, 3);
    assert.match(csv, /'=HYPERLINK\(x\)/);
  });
});

describe("input PostgreSQL cannot store", () => {
  test("is refused at the boundary (400), because the database would answer a 500", async () => {
    const incident = await open();
    // What happens without the check: the insert itself fails.
    await assert.rejects(
      fx().prisma.timelineEntry.create({ data: { incidentId: incident.id, kind: "note", body: "a\u0000b" } }),
    );
    const k = key();
    assert.equal(noteBodySchema.safeParse({ body: "a\u0000b", idempotencyKey: k }).success, false);
    assert.equal(
      openBodySchema.safeParse({ runbookSlug: "03-alerta-job-na-dlq", title: "DLQ \u0000", idempotencyKey: k }).success,
      false,
    );
    assert.equal(statusBodySchema.safeParse({ to: "resolved", note: "ok\u0000", idempotencyKey: k }).success, false);
    assert.equal(
      jobActionBodySchema.safeParse({
        action: "retry",
        queue: "payments",
        jobId: "1",
        reason: "gateway\u0000",
        idempotencyKey: k,
      }).success,
      false,
    );
    assert.equal(noteBodySchema.safeParse({ body: "ok", idempotencyKey: "key\u0000with-nul" }).success, false);
    assert.equal(noteBodySchema.safeParse({ body: "**ok** 🚀", idempotencyKey: k }).success, true);
    // A list filter PostgreSQL could not compare is dropped, like any other unusable filter.
    assert.equal(listQuerySchema.parse({ runbook: "03\u0000" }).runbook, undefined);
    assert.deepEqual(
      (await listIncidents(listQuerySchema.parse({ runbook: "x\u0000" }), fx().deps())).map((i) => i.id),
      [incident.id],
    );
  });
});
