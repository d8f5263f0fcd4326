// History aggregates on a small dataset whose answers are known, built through the domain
// functions (so the rows are exactly what the portal writes), plus the URL filter schema.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ZodError } from "zod";
import { checklistHistory, type HistoryReport } from "@/lib/checklists/history";
import { historySearchParams, parseExportQuery, parseHistoryQuery } from "@/lib/checklists/history-filter";
import { openCurrentRun } from "@/lib/checklists/runs";
import type { Actor } from "@/lib/checklists/types";
import { api } from "@/lib/http/contracts";
import { admit } from "@/lib/http/route";
import { ForbiddenError } from "@/lib/http/errors";
import { createFixture, DAILY, type Fixture, key, tickAs, WEEKLY } from "./checklists-fixture";

let fx: Fixture;
const MIN = 60_000;

/** Ticks at a São Paulo day and UTC time, e.g. at("2026-11-20", "11:00"). */
async function tickAt(
  day: string,
  utc: string,
  itemId: string,
  who: Actor,
  extra: { action?: "tick" | "untick"; note?: string } = {},
) {
  fx.clock.now = new Date(`${day}T${utc}:00Z`);
  const run = await openCurrentRun(DAILY.slug, fx.deps());
  return tickAs(run.id, { itemId, idempotencyKey: key(), ...extra }, who, fx.deps());
}

before(async () => {
  fx = await createFixture();
  fx.definitions.splice(0, fx.definitions.length, DAILY, WEEKLY);
  const { lucas, marcos } = fx.users;
  // 20th: done on time by Lucas (first row 11:00Z, complete 11:20Z = 08:20 local).
  await tickAt("2026-11-20", "11:00", "filas", lucas);
  await tickAt("2026-11-20", "11:10", "dlq", lucas);
  await tickAt("2026-11-20", "11:20", "sentry", lucas);
  // 21st: done late by Marcos (complete 13:30Z = 10:30 local, 30 min after the deadline), optional item too.
  await tickAt("2026-11-21", "13:10", "filas", marcos);
  await tickAt("2026-11-21", "13:20", "dlq", marcos);
  await tickAt("2026-11-21", "13:30", "sentry", marcos);
  await tickAt("2026-11-21", "13:35", "logs-extra", marcos);
  // 22nd: partial — filas by Lucas with a note; dlq ticked then unticked by Marcos.
  await tickAt("2026-11-22", "12:00", "filas", lucas, { note: "fila payments com 40 jobs" });
  await tickAt("2026-11-22", "12:05", "dlq", marcos);
  await tickAt("2026-11-22", "12:06", "dlq", marcos, { action: "untick" });
  // 23rd: nobody opened it. 24th: opened by a viewer, nothing ticked.
  fx.clock.now = new Date("2026-11-24T12:00:00Z");
  await openCurrentRun(DAILY.slug, fx.deps());
  // 25th (today): in progress.
  await tickAt("2026-11-25", "11:00", "filas", lucas);
  fx.clock.now = new Date("2026-11-25T11:30:00Z");
});
after(async () => {
  await fx?.close();
});

const clock = () => ({ now: fx.clock.now, timeZone: "America/Sao_Paulo" });
const report = (params: Record<string, string>) => checklistHistory(parseHistoryQuery(params, clock()), fx.deps());
const daily = (r: HistoryReport) => r.checklists.find((c) => c.checklist.slug === DAILY.slug)!;

describe("checklist history", () => {
  test("calendar: done, late, partial, missed (no run / nothing ticked), today open", async () => {
    const r = await report({ checklist: DAILY.slug, from: "2026-11-20", to: "2026-11-25" });
    assert.equal(r.checklists.length, 1);
    const cal = daily(r).calendar;
    assert.deepEqual(
      cal.map((c) => [c.key, c.status]),
      [
        ["2026-11-20", "done"],
        ["2026-11-21", "late"],
        ["2026-11-22", "partial"],
        ["2026-11-23", "missed"],
        ["2026-11-24", "missed"],
        ["2026-11-25", "open"],
      ],
    );
    assert.deepEqual(cal[0]!.completedBy, { id: fx.users.lucas.id, name: "lucas" });
    assert.equal(cal[1]!.completedAt, "2026-11-21T13:30:00.000Z");
    assert.deepEqual([cal[2]!.requiredTicked, cal[2]!.requiredTotal], [1, 3]);
    assert.equal(cal[3]!.runId, null);
    assert.ok(cal[4]!.runId);
  });

  test("completion figures", async () => {
    const c = daily(await report({ checklist: DAILY.slug, from: "2026-11-20", to: "2026-11-25" })).completion;
    assert.deepEqual(
      {
        periods: c.periods,
        done: c.done,
        late: c.late,
        open: c.open,
        partial: c.partial,
        missed: c.missed,
        pending: c.pending,
      },
      { periods: 6, done: 1, late: 1, open: 1, partial: 1, missed: 2, pending: 0 },
    );
    assert.equal(c.completionRate, 2 / 5);
    assert.equal(c.onTimeRate, 1 / 5);
    assert.equal(c.averageDurationMs, 20 * MIN);
    assert.equal(c.medianDurationMs, 20 * MIN);
    assert.equal(c.averageLateByMs, 30 * MIN);
  });

  test("skip rate per item over the worked past runs (optional items included, flagged)", async () => {
    const items = daily(await report({ checklist: DAILY.slug, from: "2026-11-20", to: "2026-11-25" })).items;
    assert.deepEqual(
      items.map((i) => [i.itemId, i.optional, i.runs, i.skipped]),
      [
        ["filas", false, 3, 0],
        ["dlq", false, 3, 1],
        ["sentry", false, 3, 1],
        ["logs-extra", true, 3, 2],
      ],
    );
    assert.equal(items[1]!.rate, 1 / 3);
    assert.equal(items[0]!.text, "Filas");
  });

  test("per-person activity", async () => {
    const people = (await report({ checklist: DAILY.slug, from: "2026-11-20", to: "2026-11-25" })).people;
    assert.deepEqual(
      people.map((p) => [
        p.person.name,
        p.ticks,
        p.unticks,
        p.notes,
        p.runsTouched,
        p.runsCompleted,
        p.runsCompletedLate,
      ]),
      [
        ["marcos", 5, 1, 0, 2, 1, 1],
        ["lucas", 5, 0, 1, 3, 1, 0],
      ],
    );
    assert.equal(people[1]!.lastActivityAt, "2026-11-25T11:00:00.000Z");
  });

  test("a person filter narrows activity and completion figures, not the calendar", async () => {
    const r = await report({ checklist: DAILY.slug, person: fx.users.lucas.id, from: "2026-11-20", to: "2026-11-25" });
    assert.deepEqual(
      r.people.map((p) => p.person.name),
      ["lucas"],
    );
    assert.equal(daily(r).completion.averageDurationMs, 20 * MIN);
    assert.equal(daily(r).completion.averageLateByMs, null);
    assert.equal(daily(r).calendar.length, 6);
  });

  test("a range narrows everything; future days are not shown", async () => {
    const r = await report({ checklist: DAILY.slug, from: "2026-11-21", to: "2026-12-31" });
    assert.deepEqual(
      daily(r).calendar.map((c) => c.key),
      ["2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"],
    );
    assert.deepEqual(
      r.people.map((p) => [p.person.name, p.ticks]),
      [
        ["marcos", 5],
        ["lucas", 2],
      ],
    );
  });

  test("without a checklist filter every checklist has its calendar, in its own cadence", async () => {
    const r = await report({ from: "2026-11-20", to: "2026-11-25" });
    assert.deepEqual(
      r.checklists.map((c) => c.checklist.slug),
      [DAILY.slug, WEEKLY.slug],
    );
    const weekly = r.checklists[1]!;
    assert.deepEqual(
      weekly.calendar.map((c) => [c.key, c.start, c.end, c.status]),
      [
        ["2026-W47", "2026-11-16", "2026-11-22", "missed"],
        ["2026-W48", "2026-11-23", "2026-11-29", "pending"],
      ],
    );
  });

  test("needs reports:read", async () => {
    await assert.rejects(async () => admit(api.checklistHistory, fx.users.lucas, {}), ForbiddenError);
  });
});

describe("history filter (URL)", () => {
  const c = { now: new Date("2026-11-25T11:00:00Z"), timeZone: "America/Sao_Paulo" };

  test("defaults to the last 30 local days, everyone, every checklist", () => {
    assert.deepEqual(parseHistoryQuery(new URLSearchParams(""), c), {
      checklist: null,
      person: null,
      from: "2026-10-27",
      to: "2026-11-25",
    });
    assert.deepEqual(parseHistoryQuery(new URLSearchParams("checklist=&person=&from=&to="), c), {
      checklist: null,
      person: null,
      from: "2026-10-27",
      to: "2026-11-25",
    });
  });

  test("round-trips through the query string", () => {
    const filter = {
      checklist: "01-diario",
      person: "7b0c8e1c-3f0e-4a8e-9c1d-2b1e0f3a4c5d",
      from: "2026-01-01",
      to: "2026-03-31",
    };
    assert.deepEqual(parseHistoryQuery(historySearchParams(filter), c), filter);
    assert.equal(
      historySearchParams({ ...filter, kind: "runs" }).toString(),
      "checklist=01-diario&person=7b0c8e1c-3f0e-4a8e-9c1d-2b1e0f3a4c5d&from=2026-01-01&to=2026-03-31&kind=runs",
    );
  });

  test("rejects what it cannot read", () => {
    for (const bad of [
      "from=2026-02-30",
      "from=ontem",
      "from=2026-11-10&to=2026-11-01",
      "from=2000-01-01&to=2026-01-01",
      "person=ana",
      "checklist=../x",
    ]) {
      assert.throws(() => parseHistoryQuery(new URLSearchParams(bad), c), ZodError, bad);
    }
    assert.throws(() => parseExportQuery(new URLSearchParams("kind=pdf"), c), ZodError);
    assert.equal(parseExportQuery(new URLSearchParams("kind=runs&kind=ticks"), c).kind, "runs");
  });
});
