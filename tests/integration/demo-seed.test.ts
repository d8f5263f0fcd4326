// The demo seed against a real PostgreSQL (own throw-away database): besides users, checklist
// history and past incidents it shows notes saved on their own (one corrected: two edits, before
// → after), an incident raised P2 → P1 with a reason, and an open incident declared without a
// runbook; audit rows come from the domain code. Running it a second time changes nothing.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { createPrismaClient } from "@/lib/db/client";
import { seedDemoData, type SeedOptions } from "@/tools/demo/seed";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

const OPTIONS: SeedOptions = {
  now: new Date("2026-11-25T15:00:00Z"),
  timeZone: "America/Sao_Paulo",
  days: 21,
  checklists: [
    {
      slug: "01-monitoramento-diario",
      version: "v1",
      cadence: "daily",
      deadline: "10:00",
      items: ["saude", "painel-filas", "fila-espera", "dlq-tamanho", "jobs-falhados", "sentry-p95", "registro"].map(
        (id) => ({ id, optional: id === "sentry-p95" }),
      ),
    },
    {
      slug: "05-revisao-semanal",
      version: "v1",
      cadence: "weekly",
      deadline: null,
      items: [{ id: "revisao", optional: false }],
    },
  ],
};

let database: TestDatabase;
let prisma: PrismaClient;
before(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
});
after(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const counts = async () => ({
  users: await prisma.user.count(),
  runs: await prisma.checklistRun.count(),
  ticks: await prisma.checklistTick.count(),
  notes: await prisma.checklistNote.count(),
  noteEdits: await prisma.checklistNoteEdit.count(),
  incidents: await prisma.incident.count(),
  timeline: await prisma.timelineEntry.count(),
  audit: await prisma.auditEvent.count(),
});

test("the demo seed shows notes, a severity raise and a runbook-less incident, once", async () => {
  const first = await seedDemoData(prisma, OPTIONS);
  assert.ok(first.runs > 0 && first.ticks > 0);
  assert.equal(first.incidents, 5);

  // Notes: three, by the operator who ticked the item, on past daily runs; one corrected.
  const notes = await prisma.checklistNote.findMany({
    include: {
      run: { select: { runbookSlug: true, periodKey: true } },
      author: { select: { role: true } },
      edits: { orderBy: { createdAt: "asc" } },
    },
    orderBy: { createdAt: "asc" },
  });
  assert.equal(notes.length, 3);
  assert.equal(first.notes, 4);
  for (const note of notes) {
    assert.equal(note.run.runbookSlug, "01-monitoramento-diario");
    assert.ok(note.run.periodKey < "2026-11-25", `note on a past run, not ${note.run.periodKey}`);
    assert.equal(note.author.role, "operator");
    assert.ok(
      await prisma.checklistTick.findFirst({
        where: { runId: note.runId, itemId: note.itemId, actorId: note.authorId },
      }),
      "the note's author ticked the item",
    );
  }
  const corrected = notes.filter((n) => n.edits.length === 2);
  assert.equal(corrected.length, 1);
  const [created, edited] = corrected[0]!.edits;
  assert.equal(created!.before, null);
  assert.equal(edited!.before, created!.after);
  assert.equal(edited!.after, corrected[0]!.text);
  assert.ok(edited!.createdAt > created!.createdAt);
  assert.equal(await prisma.auditEvent.count({ where: { action: "checklist.note" } }), 3);
  assert.equal(await prisma.auditEvent.count({ where: { action: "checklist.note.edit" } }), 1);

  // The raise P2 → P1 before the acknowledgement: the 15-minute target counts from the raise.
  const raised = await prisma.incident.findFirstOrThrow({
    where: { timeline: { some: { kind: "severity" } } },
    include: { timeline: { where: { kind: "severity" } } },
  });
  assert.equal(raised.status, "resolved");
  assert.equal(raised.severity, "P1");
  assert.equal(raised.targetMinutes, 15);
  const [entry] = raised.timeline;
  assert.equal(raised.timeline.length, 1);
  assert.equal(entry!.createdAt.getTime(), raised.targetFrom!.getTime());
  assert.ok(raised.openedAt < entry!.createdAt && entry!.createdAt < raised.acknowledgedAt!);
  assert.deepEqual(entry!.data, {
    from: "P2",
    to: "P1",
    raise: true,
    reason: entry!.body,
    targetMinutes: 15,
    countsFrom: raised.targetFrom!.toISOString(),
  });
  assert.equal(await prisma.auditEvent.count({ where: { action: "incident.severity", targetId: raised.id } }), 1);

  // Declared by hand without a runbook, still being worked on.
  const manual = await prisma.incident.findMany({
    where: { runbookSlug: null },
    include: { timeline: { orderBy: { createdAt: "asc" } } },
  });
  assert.equal(manual.length, 1);
  assert.equal(manual[0]!.source, "manual");
  assert.equal(manual[0]!.status, "acknowledged");
  assert.equal(manual[0]!.resolvedAt, null);
  assert.match(manual[0]!.timeline[0]!.body ?? "", /sem runbook/);

  // A second run adds and changes nothing.
  const before = await counts();
  const second = await seedDemoData(prisma, OPTIONS);
  assert.deepEqual([second.runs, second.ticks, second.notes, second.incidents], [0, 0, 0, 0]);
  assert.deepEqual(await counts(), before);
  assert.equal(
    (await prisma.checklistNote.findUniqueOrThrow({ where: { id: corrected[0]!.id } })).text,
    corrected[0]!.text,
  );
});
