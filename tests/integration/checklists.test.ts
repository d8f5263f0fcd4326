// Checklist runs and ticks against a real PostgreSQL (own throw-away database): one run per
// period, idempotent ticks, untick history, completion, lateness, period keys across time zones
// and daylight-saving changes, and bad input rejected with nothing changed.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { ZodError } from "zod";
import { runDetail } from "@/lib/checklists/history";
import { currentRun, getRun, openCurrentRun } from "@/lib/checklists/runs";
import { EVIDENCE_MAX_BYTES } from "@/lib/checklists/validation";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { requestContext } from "@/lib/observability/log";
import { api } from "@/lib/http/contracts";
import { admit } from "@/lib/http/route";
import { createFixture, DAILY, type Fixture, key, tickAs } from "./checklists-fixture";

let fx: Fixture;
before(async () => {
  fx = await createFixture();
});
after(async () => {
  await fx?.close();
});
beforeEach(async () => {
  await fx.prisma.auditEvent.deleteMany();
  await fx.prisma.checklistRun.deleteMany();
  fx.definitions.splice(0, fx.definitions.length, DAILY, {
    ...DAILY,
    slug: "02-semanal",
    cadence: "weekly",
    deadline: null,
    version: "w1",
  });
  fx.clock.now = new Date("2026-11-25T11:00:00Z"); // 08:00 in São Paulo, before the 10:00 deadline
});

const counts = async () => ({
  ticks: await fx.prisma.checklistTick.count(),
  audit: await fx.prisma.auditEvent.count(),
  runs: await fx.prisma.checklistRun.count(),
});

describe("runs", () => {
  test("opening creates the current period's run once, with the runbook's items and deadline", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    assert.equal(run.periodKey, "2026-11-25");
    assert.equal(run.deadlineAt, "2026-11-25T13:00:00.000Z");
    assert.equal(run.readOnly, false);
    assert.deepEqual(
      run.items.map((i) => [i.id, i.required, i.ticked]),
      [
        ["filas", true, false],
        ["dlq", true, false],
        ["sentry", true, false],
        ["logs-extra", false, false],
      ],
    );
    assert.equal(run.progress.status, "pending");
    const again = await openCurrentRun(DAILY.slug, fx.deps());
    assert.equal(again.id, run.id);
    assert.equal((await counts()).runs, 1);
  });

  test("twenty simultaneous first opens end up on one run", async () => {
    const runs = await Promise.all(Array.from({ length: 20 }, () => openCurrentRun(DAILY.slug, fx.deps())));
    assert.equal(new Set(runs.map((r) => r.id)).size, 1);
    assert.equal(await fx.prisma.checklistRun.count({ where: { runbookSlug: DAILY.slug } }), 1);
  });

  test("currentRun reads without creating", async () => {
    const before = await currentRun(DAILY.slug, fx.deps());
    assert.equal(before.run, null);
    assert.equal(before.period.key, "2026-11-25");
    assert.equal((await counts()).runs, 0);
  });

  test("the current run follows a runbook change; completion is re-evaluated", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    for (const itemId of ["filas", "dlq", "sentry"])
      await tickAs(run.id, { itemId, idempotencyKey: key() }, fx.users.lucas, fx.deps());
    assert.equal((await getRun(run.id, fx.deps())).progress.complete, true);
    fx.definitions[0] = {
      ...DAILY,
      version: "v2",
      items: [...DAILY.items, { id: "novo", text: "Novo", optional: false }],
    };
    const updated = await openCurrentRun(DAILY.slug, fx.deps());
    assert.equal(updated.runbookVersion, "v2");
    assert.ok(updated.items.some((i) => i.id === "novo" && i.required));
    assert.equal(updated.progress.complete, false);
    assert.equal(updated.progress.completedAt, null);
  });
});

describe("ticks", () => {
  test("the same idempotency key twice writes one row; the second call returns the first's row", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const k = key();
    const body = { itemId: "dlq", note: "DLQ vazia", evidence: { dlq: { "payments-dlq": 0 } }, idempotencyKey: k };
    const first = await tickAs(run.id, body, fx.users.lucas, fx.deps());
    fx.clock.now = new Date(fx.clock.now.getTime() + 5000);
    const second = await tickAs(run.id, body, fx.users.lucas, fx.deps());
    assert.equal(first.outcome, "created");
    assert.equal(second.outcome, "replayed");
    assert.deepEqual(second.tick, first.tick);
    assert.deepEqual(first.tick?.evidence, { dlq: { "payments-dlq": 0 } });
    assert.equal(first.tick?.note, "DLQ vazia");
    assert.equal((await counts()).ticks, 1);
    assert.equal((await counts()).audit, 1);
  });

  test("a retried request racing the first (same key, in parallel) writes one row", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        tickAs(run.id, { itemId: "filas", idempotencyKey: k }, fx.users.lucas, fx.deps()),
      ),
    );
    assert.equal(results.filter((r) => r.outcome === "created").length, 1);
    assert.equal(new Set(results.map((r) => r.tick?.id)).size, 1);
    assert.equal((await counts()).ticks, 1);
  });

  test("one key sent at once for two different items: one row, the other call is a conflict", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const k = key();
    const results = await Promise.allSettled([
      tickAs(run.id, { itemId: "filas", idempotencyKey: k }, fx.users.lucas, fx.deps()),
      tickAs(run.id, { itemId: "dlq", idempotencyKey: k }, fx.users.lucas, fx.deps()),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof ConflictError, String(rejected.reason));
    assert.equal((await counts()).ticks, 1);
    assert.equal((await counts()).audit, 1);
  });

  test("two tabs ticking the same item (different keys) write one row", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const [a, b] = await Promise.all([
      tickAs(run.id, { itemId: "filas", idempotencyKey: key() }, fx.users.lucas, fx.deps()),
      tickAs(run.id, { itemId: "filas", idempotencyKey: key() }, fx.users.marcos, fx.deps()),
    ]);
    assert.deepEqual([a!.outcome, b!.outcome].sort(), ["created", "unchanged"]);
    assert.equal(a!.tick?.id, b!.tick?.id);
    assert.equal((await counts()).ticks, 1);
  });

  test("an untick is its own row; the latest row is the state; the audit log has each", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const at = (min: number) => new Date(Date.parse("2026-11-25T11:00:00Z") + min * 60_000);
    fx.clock.now = at(1);
    await tickAs(run.id, { itemId: "sentry", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    fx.clock.now = at(2);
    const untick = await tickAs(
      run.id,
      { itemId: "sentry", action: "untick", note: "marquei errado", idempotencyKey: key() },
      fx.users.marcos,
      fx.deps(),
    );
    assert.equal(untick.item.ticked, false);
    assert.equal(untick.item.last?.actor.name, "marcos");
    fx.clock.now = at(3);
    await tickAs(run.id, { itemId: "sentry", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    const detail = await runDetail(run.id, fx.deps());
    assert.deepEqual(
      detail.ticks.map((t) => [t.itemId, t.action, t.actor.name, t.note]),
      [
        ["sentry", "tick", "lucas", null],
        ["sentry", "untick", "marcos", "marquei errado"],
        ["sentry", "tick", "lucas", null],
      ],
    );
    assert.equal(detail.run.items.find((i) => i.id === "sentry")?.ticked, true);
    const audit = await fx.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(
      audit.map((a) => [a.action, a.actorLabel, a.targetType, a.targetId]),
      [
        ["checklist.tick", "lucas@example.com", "checklist_run", run.id],
        ["checklist.untick", "marcos@example.com", "checklist_run", run.id],
        ["checklist.tick", "lucas@example.com", "checklist_run", run.id],
      ],
    );
    const unchanged = await tickAs(
      run.id,
      { itemId: "dlq", action: "untick", idempotencyKey: key() },
      fx.users.lucas,
      fx.deps(),
    );
    assert.equal(unchanged.outcome, "unchanged");
    assert.equal(unchanged.tick, null);
  });

  test("the audit event carries the request's correlation id", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    await requestContext.run({ correlationId: "corr-checklist-1" }, () =>
      tickAs(run.id, { itemId: "filas", idempotencyKey: key() }, fx.users.lucas, fx.deps()),
    );
    const [event] = await fx.prisma.auditEvent.findMany();
    assert.equal(event?.correlationId, "corr-checklist-1");
    assert.equal(event?.actorId, fx.users.lucas.id);
    assert.deepEqual((event?.data as { itemId: string }).itemId, "filas");
  });

  test("rows of one run are strictly ordered even when a process's clock is behind", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    await tickAs(run.id, { itemId: "filas", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    const laggingClock = fx.deps({ now: () => new Date(fx.clock.now.getTime() - 30_000) });
    const second = await tickAs(
      run.id,
      { itemId: "filas", action: "untick", idempotencyKey: key() },
      fx.users.marcos,
      laggingClock,
    );
    assert.equal(second.tick?.at, new Date(fx.clock.now.getTime() + 1).toISOString());
    assert.equal((await getRun(run.id, fx.deps())).items.find((i) => i.id === "filas")?.ticked, false);
  });
});

describe("completion and lateness", () => {
  test("complete when every required item is ticked (optional ones excluded); by whom and when", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    await tickAs(run.id, { itemId: "filas", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    await tickAs(run.id, { itemId: "dlq", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    const open = await getRun(run.id, fx.deps());
    assert.equal(open.progress.status, "open");
    assert.equal(open.progress.requiredTicked, 2);
    fx.clock.now = new Date("2026-11-25T12:30:00Z"); // 09:30 local
    const last = await tickAs(run.id, { itemId: "sentry", idempotencyKey: key() }, fx.users.marcos, fx.deps());
    assert.equal(last.progress.complete, true);
    assert.equal(last.progress.status, "done");
    assert.equal(last.progress.completedAt, "2026-11-25T12:30:00.000Z");
    assert.deepEqual(last.progress.completedBy, { id: fx.users.marcos.id, name: "marcos" });
    const stored = await fx.prisma.checklistRun.findUniqueOrThrow({ where: { id: run.id } });
    assert.equal(stored.completedById, fx.users.marcos.id);
  });

  test("unticking a required item reopens the run; completing it again after the deadline is late", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    for (const itemId of ["filas", "dlq", "sentry"])
      await tickAs(run.id, { itemId, idempotencyKey: key() }, fx.users.lucas, fx.deps());
    fx.clock.now = new Date("2026-11-25T12:50:00Z");
    const reopened = await tickAs(
      run.id,
      { itemId: "dlq", action: "untick", idempotencyKey: key() },
      fx.users.lucas,
      fx.deps(),
    );
    assert.equal(reopened.progress.complete, false);
    assert.equal(reopened.progress.completedAt, null);
    // Unticking an optional item never reopens anything.
    fx.clock.now = new Date("2026-11-25T13:20:00Z"); // 10:20 local, after the 10:00 deadline
    const again = await tickAs(run.id, { itemId: "dlq", idempotencyKey: key() }, fx.users.marcos, fx.deps());
    assert.equal(again.progress.status, "late");
    assert.equal(again.progress.late, true);
    assert.equal(again.progress.completedAt, "2026-11-25T13:20:00.000Z");
    const audit = await fx.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(
      audit.map((a) => (a.data as { completion?: string }).completion ?? null),
      [null, null, "completed", "reopened", "completed"],
    );
  });

  test("a checklist without a deadline is never late", async () => {
    const run = await openCurrentRun("02-semanal", fx.deps());
    assert.equal(run.deadlineAt, null);
    fx.clock.now = new Date("2026-11-29T23:00:00Z");
    for (const itemId of ["filas", "dlq", "sentry"])
      await tickAs(run.id, { itemId, idempotencyKey: key() }, fx.users.lucas, fx.deps());
    assert.equal((await getRun(run.id, fx.deps())).progress.status, "done");
  });

  test("a weekly deadline falls on the period's last day (Sunday)", async () => {
    fx.definitions[1] = { ...fx.definitions[1]!, deadline: "18:00" };
    const run = await openCurrentRun("02-semanal", fx.deps());
    assert.equal(run.periodKey, "2026-W48");
    assert.equal(run.periodStart, "2026-11-23");
    assert.equal(run.periodEnd, "2026-11-29");
    assert.equal(run.deadlineAt, "2026-11-29T21:00:00.000Z");
  });
});

describe("periods across time zones and daylight-saving changes", () => {
  test("late evening in São Paulo belongs to the local day, not the UTC one", async () => {
    fx.clock.now = new Date("2026-11-26T01:30:00Z"); // 22:30 on the 25th in São Paulo
    const sp = await openCurrentRun(DAILY.slug, fx.deps());
    assert.equal(sp.periodKey, "2026-11-25");
    const utc = await openCurrentRun(DAILY.slug, fx.deps({ timeZone: "UTC" }));
    assert.equal(utc.periodKey, "2026-11-26");
    assert.notEqual(sp.id, utc.id);
  });

  test("the hour repeated when New York leaves daylight time stays in one run, with the deadline in EST", async () => {
    const ny = fx.deps({ timeZone: "America/New_York" });
    fx.clock.now = new Date("2026-11-01T05:30:00Z"); // 01:30 EDT
    const first = await openCurrentRun(DAILY.slug, ny);
    fx.clock.now = new Date("2026-11-01T06:30:00Z"); // 01:30 EST, an hour later
    const second = await openCurrentRun(DAILY.slug, ny);
    assert.equal(first.id, second.id);
    assert.equal(first.periodKey, "2026-11-01");
    assert.equal(first.deadlineAt, "2026-11-01T15:00:00.000Z"); // 10:00 EST
    fx.clock.now = new Date("2026-11-02T04:30:00Z"); // 23:30 EST, still the 1st
    assert.equal((await openCurrentRun(DAILY.slug, ny)).id, first.id);
    fx.clock.now = new Date("2026-10-31T12:00:00Z");
    assert.equal((await openCurrentRun(DAILY.slug, ny)).deadlineAt, "2026-10-31T14:00:00.000Z"); // 10:00 EDT
  });

  test("lateness is judged in local time across the change", async () => {
    const ny = fx.deps({ timeZone: "America/New_York" });
    fx.clock.now = new Date("2026-11-02T14:00:00Z"); // 09:00 EST
    const run = await openCurrentRun(DAILY.slug, ny);
    fx.clock.now = new Date("2026-11-02T14:45:00Z"); // 09:45 EST: on time (it would be 10:45 in EDT)
    for (const itemId of ["filas", "dlq", "sentry"])
      await tickAs(run.id, { itemId, idempotencyKey: key() }, fx.users.lucas, ny);
    assert.equal((await getRun(run.id, ny)).progress.status, "done");
  });

  test("São Paulo's old midnight daylight-saving start (2018-11-04) keeps days apart", async () => {
    fx.clock.now = new Date("2018-11-04T02:30:00Z"); // 23:30 on the 3rd (UTC-3)
    assert.equal((await openCurrentRun(DAILY.slug, fx.deps())).periodKey, "2018-11-03");
    fx.clock.now = new Date("2018-11-04T03:30:00Z"); // 01:30 on the 4th (UTC-2, clocks jumped from 00:00)
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    assert.equal(run.periodKey, "2018-11-04");
    assert.equal(run.deadlineAt, "2018-11-04T12:00:00.000Z"); // 10:00 in UTC-2
  });
});

describe("bad input: a clear 4xx and nothing changed", () => {
  test("each is rejected and no row or audit event is written", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const before = await counts();
    const op = fx.users.lucas;
    const cases: Array<[string, () => Promise<unknown>, (err: unknown) => boolean]> = [
      [
        "unknown item",
        () => tickAs(run.id, { itemId: "nao-existe", idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof BadRequestError,
      ],
      [
        "malformed item id",
        () => tickAs(run.id, { itemId: "DLQ!", idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "malformed run id",
        () => tickAs("123", { itemId: "dlq", idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "unknown run",
        () => tickAs("00000000-0000-4000-8000-000000000000", { itemId: "dlq", idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof NotFoundError,
      ],
      [
        "note over 2000 characters",
        () => tickAs(run.id, { itemId: "dlq", note: "x".repeat(2001), idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "note with a NUL character",
        () => tickAs(run.id, { itemId: "dlq", note: "a\u0000b", idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "evidence over 16 KiB",
        () =>
          tickAs(
            run.id,
            { itemId: "dlq", evidence: { blob: "x".repeat(EVIDENCE_MAX_BYTES) }, idempotencyKey: key() },
            op,
            fx.deps(),
          ),
        (e) => e instanceof ZodError,
      ],
      [
        "evidence that is not an object",
        () => tickAs(run.id, { itemId: "dlq", evidence: [1, 2] as never, idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "evidence nested too deep",
        () =>
          tickAs(
            run.id,
            { itemId: "dlq", evidence: JSON.parse(`${'{"a":'.repeat(12)}1${"}".repeat(12)}`), idempotencyKey: key() },
            op,
            fx.deps(),
          ),
        (e) => e instanceof ZodError,
      ],
      [
        "evidence with a NUL character",
        () => tickAs(run.id, { itemId: "dlq", evidence: { s: "\u0000" }, idempotencyKey: key() }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "short idempotency key",
        () => tickAs(run.id, { itemId: "dlq", idempotencyKey: "abc" }, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "unknown field",
        () => tickAs(run.id, { itemId: "dlq", idempotencyKey: key(), extra: 1 } as never, op, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      [
        "a viewer ticking",
        () => tickAs(run.id, { itemId: "dlq", idempotencyKey: key() }, fx.users.visitante, fx.deps()),
        (e) => e instanceof ForbiddenError,
      ],
      [
        "an unknown user",
        () =>
          tickAs(
            run.id,
            { itemId: "dlq", idempotencyKey: key() },
            { id: "00000000-0000-4000-8000-000000000001", role: "operator" },
            fx.deps(),
          ),
        (e) => e instanceof ForbiddenError,
      ],
      [
        "malformed slug",
        async () => openCurrentRun(admit(api.openChecklist, op, { params: { slug: "../etc" } }).params.slug, fx.deps()),
        (e) => e instanceof ZodError,
      ],
      ["unknown checklist", () => openCurrentRun("99-nada", fx.deps()), (e) => e instanceof NotFoundError],
    ];
    for (const [label, call, expected] of cases) {
      await assert.rejects(
        call,
        (err) => {
          assert.ok(
            expected(err),
            `${label}: unexpected ${(err as Error).constructor.name}: ${(err as Error).message}`,
          );
          return true;
        },
        label,
      );
    }
    assert.deepEqual(await counts(), before);
  });

  test("a past period's run is read-only", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const k = key();
    await tickAs(run.id, { itemId: "filas", idempotencyKey: k }, fx.users.lucas, fx.deps());
    fx.clock.now = new Date("2026-11-26T11:00:00Z");
    const before = await counts();
    await assert.rejects(
      tickAs(run.id, { itemId: "dlq", idempotencyKey: key() }, fx.users.lucas, fx.deps()),
      (e) => e instanceof ConflictError && /encerrado/.test(e.message),
    );
    // ...but a retry of a request that was saved before midnight still gets its answer.
    assert.equal(
      (await tickAs(run.id, { itemId: "filas", idempotencyKey: k }, fx.users.lucas, fx.deps())).outcome,
      "replayed",
    );
    assert.deepEqual(await counts(), before);
    assert.equal((await getRun(run.id, fx.deps())).readOnly, true);
  });

  test("an idempotency key reused for another action is a conflict", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const k = key();
    await tickAs(run.id, { itemId: "filas", idempotencyKey: k }, fx.users.lucas, fx.deps());
    const before = await counts();
    await assert.rejects(
      tickAs(run.id, { itemId: "dlq", idempotencyKey: k }, fx.users.lucas, fx.deps()),
      ConflictError,
    );
    await assert.rejects(
      tickAs(run.id, { itemId: "filas", idempotencyKey: k }, fx.users.marcos, fx.deps()),
      ConflictError,
    );
    assert.deepEqual(await counts(), before);
  });
});
