// Runbook steps ticked per incident, against a real PostgreSQL (own database) and Redis (own
// prefix): a tick is a `step` entry + an audit event, published live; the state is the latest
// entry per item; keys replay; redundant ticks write nothing; bad input is a 4xx.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ENTRY_EVENT, incidentChannel } from "@/lib/incidents/events";
import { getIncident, openIncident } from "@/lib/incidents/incidents";
import { applyStep, deriveSteps, stepFromEntry } from "@/lib/incidents/step-state";
import { recordStep } from "@/lib/incidents/steps";
import type { EntryResult, TimelineEntryView } from "@/lib/incidents/types";
import { stepBodySchema } from "@/lib/incidents/validation";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/http/errors";
import { sharedIncidentFixture, key, minutes } from "./incidents-fixture";

const fx = sharedIncidentFixture();

const open = () =>
  openIncident(
    { runbookSlug: "03-alerta-job-na-dlq", title: "Pagamento na DLQ", idempotencyKey: key("open") },
    fx().users.lucas,
    fx().deps(),
  );
const tick = (
  incidentId: string,
  itemId: string,
  action: "tick" | "untick" = "tick",
  who = fx().users.lucas,
  idempotencyKey = key("step"),
) => recordStep(incidentId, { itemId, action, idempotencyKey }, who, fx().deps({ live: fx().hub }));

describe("runbook steps per incident", () => {
  test("a tick is a step entry with item, text, runbook version and action, audited, and sets the step's state", async () => {
    const incident = await open();
    fx().clock.now = minutes(fx().clock.now, 3);
    const result = await tick(incident.id, "assumir");
    assert.equal(result.outcome, "created");
    assert.equal(result.entry?.kind, "step");
    assert.deepEqual(result.entry?.data, {
      itemId: "assumir",
      itemText: "Assuma o incidente e confirme a fila",
      runbookVersion: "v3",
      action: "tick",
    });
    assert.equal(result.entry?.actor?.name, "lucas");
    assert.deepEqual(result.step, {
      itemId: "assumir",
      done: true,
      by: { id: fx().users.lucas.id, name: "lucas" },
      at: fx().clock.now.toISOString(),
      entryId: result.entry!.id,
    });

    const audit = await fx().prisma.auditEvent.findMany({ where: { action: { startsWith: "incident.step" } } });
    assert.deepEqual(
      audit.map((a) => [a.action, a.targetId, a.actorId]),
      [["incident.step.tick", incident.id, fx().users.lucas.id]],
    );
    assert.equal((audit[0]!.data as { itemId: string }).itemId, "assumir");

    const view = await getIncident(incident.id, fx().deps());
    assert.deepEqual(Object.keys(view.steps), ["assumir"]);
    assert.equal(view.steps.assumir!.done, true);
    assert.deepEqual(
      view.timeline.map((e) => e.kind),
      ["status", "step"],
    );
  });

  test("untick is recorded too and wins as the latest entry; the other viewer's state follows", async () => {
    const incident = await open();
    await tick(incident.id, "assumir");
    // Same clock: the untick is still stamped after the tick, so "latest" is unambiguous.
    const undone = await tick(incident.id, "assumir", "untick", fx().users.marcos);
    assert.equal(undone.outcome, "created");
    assert.ok(
      undone.entry!.at >
        (
          await fx().prisma.timelineEntry.findFirstOrThrow({
            where: { kind: "step", data: { path: ["action"], equals: "tick" } },
          })
        ).createdAt.toISOString(),
    );
    const view = await getIncident(incident.id, fx().deps());
    assert.equal(view.steps.assumir!.done, false);
    assert.equal(view.steps.assumir!.by?.name, "marcos");
    assert.deepEqual(
      (
        await fx().prisma.auditEvent.findMany({
          where: { action: { startsWith: "incident.step" } },
          orderBy: { id: "asc" },
        })
      ).map((a) => a.action),
      ["incident.step.tick", "incident.step.untick"],
    );
  });

  test("the same key replays; the same key for another action is a conflict; asking for the current state writes nothing", async () => {
    const incident = await open();
    const k = key("step");
    const first = await tick(incident.id, "assumir", "tick", fx().users.lucas, k);
    const again = await tick(incident.id, "assumir", "tick", fx().users.lucas, k);
    assert.equal(again.outcome, "replayed");
    assert.equal(again.entry?.id, first.entry?.id);
    await assert.rejects(tick(incident.id, "assumir", "untick", fx().users.lucas, k), ConflictError);
    await assert.rejects(tick(incident.id, "inspecionar", "tick", fx().users.lucas, k), ConflictError);

    const redundant = await tick(incident.id, "assumir", "tick", fx().users.marcos);
    assert.equal(redundant.outcome, "unchanged");
    assert.equal(redundant.entry?.id, first.entry?.id);
    const neverTicked = await tick(incident.id, "inspecionar", "untick");
    assert.equal(neverTicked.outcome, "unchanged");
    assert.equal(neverTicked.step, null);
    assert.equal(await fx().prisma.timelineEntry.count({ where: { kind: "step" } }), 1);
    assert.equal(await fx().prisma.auditEvent.count({ where: { action: { startsWith: "incident.step" } } }), 1);
  });

  test("two people ticking the same step at once leave one entry", async () => {
    const incident = await open();
    const results = await Promise.all([
      tick(incident.id, "inspecionar", "tick", fx().users.lucas),
      tick(incident.id, "inspecionar", "tick", fx().users.marcos),
    ]);
    assert.deepEqual(results.map((r) => r.outcome).sort(), ["created", "unchanged"]);
    assert.equal(await fx().prisma.timelineEntry.count({ where: { kind: "step" } }), 1);
  });

  test("unknown items are 400, incidents without a runbook 409, unknown incidents 404", async () => {
    const incident = await open();
    await assert.rejects(tick(incident.id, "nao-existe"), BadRequestError);
    const orphan = await fx().prisma.incident.create({
      data: { title: "Disco cheio", severity: "P1", source: "alertmanager", openedAt: fx().clock.now },
    });
    await assert.rejects(tick(orphan.id, "assumir"), ConflictError);
    await assert.rejects(tick("00000000-0000-4000-8000-000000000000", "assumir"), NotFoundError);
    await assert.rejects(tick("not-a-uuid", "assumir"), NotFoundError);
    assert.equal(await fx().prisma.timelineEntry.count({ where: { kind: "step" } }), 0);
  });

  test("every new step entry reaches a live subscriber; replays and unchanged ones do not", async () => {
    const incident = await open();
    const received: EntryResult[] = [];
    const stop = await fx().hub.subscribe([incidentChannel(incident.id)], {
      listener: (e) => e.type === ENTRY_EVENT && received.push(e.data as EntryResult),
    });
    try {
      const k = key("step");
      const a = await tick(incident.id, "assumir", "tick", fx().users.lucas, k);
      await tick(incident.id, "assumir", "tick", fx().users.lucas, k);
      await tick(incident.id, "assumir", "tick", fx().users.marcos);
      const b = await tick(incident.id, "assumir", "untick");
      for (let i = 0; i < 50 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(
        received.map((r) => r.entry.id),
        [a.entry!.id, b.entry!.id],
      );
      // What a viewer's page does with them.
      const state = received.reduce((s, r) => applyStep(s, stepFromEntry(r.entry)!), {});
      assert.deepEqual(state, { assumir: b.step });
    } finally {
      stop();
    }
  });

  test("the body is validated: item id, action, key", () => {
    assert.equal(
      stepBodySchema.safeParse({ itemId: "assumir", action: "tick", idempotencyKey: "a1b2c3d4-key" }).success,
      true,
    );
    for (const bad of [
      {},
      { itemId: "Assumir!", action: "tick", idempotencyKey: "a1b2c3d4-key" },
      { itemId: "assumir", action: "done", idempotencyKey: "a1b2c3d4-key" },
      { itemId: "assumir", action: "tick", idempotencyKey: "short" },
      { itemId: "assumir", action: "tick", idempotencyKey: "with\u0000nul-char" },
      { itemId: "assumir", action: "tick", idempotencyKey: "a1b2c3d4-key", extra: 1 },
      { itemId: 7, action: "tick", idempotencyKey: "a1b2c3d4-key" },
    ]) {
      assert.equal(stepBodySchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  test("deriving the state ignores malformed step entries and older events", () => {
    const entry = (id: string, at: string, data: unknown): TimelineEntryView => ({
      id,
      kind: "step",
      body: null,
      html: null,
      data,
      actor: null,
      at,
    });
    const states = deriveSteps([
      entry("00000000-0000-4000-8000-000000000002", "2026-11-25T11:02:00.000Z", { itemId: "a", action: "untick" }),
      entry("00000000-0000-4000-8000-000000000001", "2026-11-25T11:01:00.000Z", { itemId: "a", action: "tick" }),
      entry("00000000-0000-4000-8000-000000000003", "2026-11-25T11:03:00.000Z", null),
      entry("00000000-0000-4000-8000-000000000004", "2026-11-25T11:03:00.000Z", { itemId: "b", action: "maybe" }),
    ]);
    assert.deepEqual(Object.keys(states), ["a"]);
    assert.equal(states.a!.done, false);
  });
});
