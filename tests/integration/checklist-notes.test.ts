// Notes saved on their own, against a real PostgreSQL (own throw-away database): a note written
// after its item was ticked is saved and edited without a tick, idempotently with the client's
// key; every save is an edit row and an audit event (who, when, before → after); only the author
// edits; bad input is a clear 4xx through the route handler and changes nothing.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { POST } from "@/app/api/checklists/runs/[runId]/notes/route";
import { encodeForwardedUser, FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { LiveHub } from "@/lib/live/hub";
import { noteEdits, saveNote } from "@/lib/checklists/notes";
import { getRun, openCurrentRun } from "@/lib/checklists/runs";
import type { Actor } from "@/lib/checklists/types";
import type { ChecklistDeps } from "@/lib/checklists/deps";
import { api } from "@/lib/http/contracts";
import { ForbiddenError, ConflictError } from "@/lib/http/errors";
import { admit } from "@/lib/http/route";
import { processSingleton } from "@/lib/runtime";
import { uniquePrefix } from "@/tests/helpers/redis";
import { createFixture, DAILY, key, tickAs, type Fixture } from "./checklists-fixture";

let fx: Fixture;
before(async () => {
  fx = await createFixture();
  // The route handler reads the process-wide client and hub: this test's database, its own prefix.
  processSingleton("prisma", () => fx.prisma);
  processSingleton("liveHub", () => new LiveHub({ prefix: uniquePrefix("checklist-notes") }));
});
after(async () => {
  await fx?.close();
});
beforeEach(async () => {
  await fx.prisma.auditEvent.deleteMany();
  await fx.prisma.checklistRun.deleteMany();
  fx.clock.now = new Date("2026-11-25T11:00:00Z");
});

/** What the route does: its contract admits the caller and parses the body, then the domain saves. */
async function noteAs(
  runId: string,
  body: Record<string, unknown>,
  who: Actor,
  overrides: Partial<ChecklistDeps> = {},
) {
  const input = admit(api.checklistNote, who, { params: { runId }, body });
  return saveNote(input.params.runId, input.body, who, overrides);
}

const counts = async () => ({
  notes: await fx.prisma.checklistNote.count(),
  edits: await fx.prisma.checklistNoteEdit.count(),
  audit: await fx.prisma.auditEvent.count({ where: { action: { startsWith: "checklist.note" } } }),
});

describe("saving a note on its own", () => {
  test("a note written after the tick is saved without a tick, and the run shows it", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    await tickAs(run.id, { itemId: "dlq", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    const ticksBefore = await fx.prisma.checklistTick.count();
    const noteId = randomUUID();
    const saved = await noteAs(
      run.id,
      { noteId, itemId: "dlq", text: "payments-dlq: 3 jobs", idempotencyKey: key() },
      fx.users.lucas,
      fx.deps(),
    );
    assert.equal(saved.outcome, "created");
    assert.deepEqual(
      [saved.note.id, saved.note.itemId, saved.note.text, saved.note.author.name],
      [noteId, "dlq", "payments-dlq: 3 jobs", "lucas"],
    );
    assert.equal(await fx.prisma.checklistTick.count(), ticksBefore);
    const state = await getRun(run.id, fx.deps());
    assert.deepEqual(
      state.notes.map((n) => [n.id, n.itemId, n.text]),
      [[noteId, "dlq", "payments-dlq: 3 jobs"]],
    );
    assert.equal(state.items.find((i) => i.id === "dlq")!.ticked, true);
  });

  test("the same key twice records one save; the second answers 'replayed' with the note", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const body = { noteId: randomUUID(), itemId: "filas", text: "fila de e-mails: 120", idempotencyKey: key() };
    const first = await noteAs(run.id, body, fx.users.lucas, fx.deps());
    fx.clock.now = new Date(fx.clock.now.getTime() + 5000);
    const second = await noteAs(run.id, body, fx.users.lucas, fx.deps());
    assert.deepEqual([first.outcome, second.outcome], ["created", "replayed"]);
    assert.deepEqual(second.note, first.note);
    assert.deepEqual(await counts(), { notes: 1, edits: 1, audit: 1 });

    // Sent at the same moment (a retry racing the original): still one save.
    const racing = { ...body, text: "fila de e-mails: 130", idempotencyKey: key() };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => noteAs(run.id, racing, fx.users.lucas, fx.deps())),
    );
    assert.deepEqual(answers.map((a) => a.outcome).sort(), ["edited", "replayed", "replayed", "replayed", "replayed"]);
    assert.deepEqual(await counts(), { notes: 1, edits: 2, audit: 2 });
  });

  test("a key reused for another save is a 409 and changes nothing", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const body = { noteId: randomUUID(), itemId: "filas", text: "primeira", idempotencyKey: key() };
    await noteAs(run.id, body, fx.users.lucas, fx.deps());
    await assert.rejects(
      noteAs(run.id, { ...body, text: "outra" }, fx.users.lucas, fx.deps()),
      (e) => e instanceof ConflictError,
    );
    assert.deepEqual(await counts(), { notes: 1, edits: 1, audit: 1 });
  });

  test("every edit is recorded: who, when, before → after, in the edit history and the audit log", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const noteId = randomUUID();
    const t0 = fx.clock.now;
    await noteAs(
      run.id,
      { noteId, itemId: "sentry", text: "2 erros novos", idempotencyKey: key() },
      fx.users.lucas,
      fx.deps(),
    );
    fx.clock.now = new Date(t0.getTime() + 60_000);
    const edited = await noteAs(
      run.id,
      { noteId, itemId: "sentry", text: "2 erros novos, 1 resolvido", idempotencyKey: key() },
      fx.users.lucas,
      fx.deps(),
    );
    assert.equal(edited.outcome, "edited");
    assert.equal(edited.note.createdAt, t0.toISOString());
    assert.equal(edited.note.updatedAt, fx.clock.now.toISOString());
    // The same text again is no edit.
    const same = await noteAs(
      run.id,
      { noteId, itemId: "sentry", text: "2 erros novos, 1 resolvido", idempotencyKey: key() },
      fx.users.lucas,
      fx.deps(),
    );
    assert.equal(same.outcome, "unchanged");

    const history = await noteEdits(noteId, fx.deps());
    assert.deepEqual(
      history.map((e) => [e.editorId, e.createdAt.toISOString(), e.before, e.after]),
      [
        [fx.users.lucas.id, t0.toISOString(), null, "2 erros novos"],
        [fx.users.lucas.id, fx.clock.now.toISOString(), "2 erros novos", "2 erros novos, 1 resolvido"],
      ],
    );
    const audit = await fx.prisma.auditEvent.findMany({
      where: { action: { startsWith: "checklist.note" } },
      orderBy: { id: "asc" },
    });
    assert.deepEqual(
      audit.map((a) => [a.action, a.actorId, a.actorLabel, a.targetId, a.data]),
      [
        [
          "checklist.note",
          fx.users.lucas.id,
          "lucas@example.com",
          run.id,
          { itemId: "sentry", noteId, before: null, after: "2 erros novos" },
        ],
        [
          "checklist.note.edit",
          fx.users.lucas.id,
          "lucas@example.com",
          run.id,
          { itemId: "sentry", noteId, before: "2 erros novos", after: "2 erros novos, 1 resolvido" },
        ],
      ],
    );
  });

  test("someone else's note cannot be edited: 403, nothing changed", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const noteId = randomUUID();
    await noteAs(run.id, { noteId, itemId: "dlq", text: "de lucas", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    const before = await counts();
    await assert.rejects(
      noteAs(run.id, { noteId, itemId: "dlq", text: "de marcos", idempotencyKey: key() }, fx.users.marcos, fx.deps()),
      (e) => e instanceof ForbiddenError,
    );
    // A viewer may not write notes at all.
    await assert.rejects(
      noteAs(
        run.id,
        { noteId: randomUUID(), itemId: "dlq", text: "x", idempotencyKey: key() },
        fx.users.visitante,
        fx.deps(),
      ),
      (e) => e instanceof ForbiddenError,
    );
    assert.deepEqual(await counts(), before);
    assert.equal((await fx.prisma.checklistNote.findUniqueOrThrow({ where: { id: noteId } })).text, "de lucas");
  });

  test("a run of an ended period refuses notes (409)", async () => {
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    const noteId = randomUUID();
    await noteAs(run.id, { noteId, itemId: "dlq", text: "ontem", idempotencyKey: key() }, fx.users.lucas, fx.deps());
    fx.clock.now = new Date("2026-11-26T11:00:00Z");
    await assert.rejects(
      noteAs(run.id, { noteId, itemId: "dlq", text: "editada hoje", idempotencyKey: key() }, fx.users.lucas, fx.deps()),
      (e) => e instanceof ConflictError && /período encerrado/.test(e.message),
    );
    assert.deepEqual(await counts(), { notes: 1, edits: 1, audit: 1 });
  });
});

describe("the route", () => {
  async function post(runId: string, body: unknown, as: Actor & { name: string; email: string }) {
    const headers = new Headers({ "content-type": "application/json" });
    headers.set(
      FORWARDED_USER_HEADER,
      encodeForwardedUser({ id: as.id, email: as.email, name: as.name, role: as.role }),
    );
    const request = new Request(`http://portal.test/api/checklists/runs/${runId}/notes`, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const response = await POST(request, { params: Promise.resolve({ runId }) });
    const json = (await response.json()) as { error?: string; outcome?: string; details?: unknown };
    // What a person reads: the message and, for invalid fields, each field's reason.
    return { status: response.status, json, said: `${json.error ?? ""} ${JSON.stringify(json.details ?? "")}` };
  }

  test("saves with 200; bad input, unknown items and runs, other people's notes are a clear 4xx and change nothing", async () => {
    // The route uses the real runbooks and clock: open today's run of the real daily checklist.
    const run = await openCurrentRun("01-monitoramento-diario", { prisma: fx.prisma, live: null });
    const itemId = run.items[0]!.id;
    const noteId = randomUUID();
    const ok = await post(run.id, { noteId, itemId, text: "anotado", idempotencyKey: key() }, fx.users.lucas);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.outcome, "created");
    const before = await counts();

    const cases: Array<[string, string, unknown, number, RegExp]> = [
      [
        "too long",
        run.id,
        { noteId: randomUUID(), itemId, text: "x".repeat(2001), idempotencyKey: key() },
        400,
        /2000 caracteres/,
      ],
      [
        "unknown item",
        run.id,
        { noteId: randomUUID(), itemId: "nao-existe", text: "x", idempotencyKey: key() },
        400,
        /não faz parte/,
      ],
      ["empty new note", run.id, { noteId: randomUUID(), itemId, text: "   ", idempotencyKey: key() }, 400, /vazia/],
      ["missing key", run.id, { noteId: randomUUID(), itemId, text: "x" }, 400, /idempotencyKey|chave/i],
      ["bad note id", run.id, { noteId: "nao-uuid", itemId, text: "x", idempotencyKey: key() }, 400, /id de nota/],
      ["not JSON", run.id, "{", 400, /.+/],
      [
        "unknown run",
        randomUUID(),
        { noteId: randomUUID(), itemId, text: "x", idempotencyKey: key() },
        404,
        /não encontrada/,
      ],
    ];
    for (const [label, runId, body, status, message] of cases) {
      const answer = await post(runId, body, fx.users.lucas);
      assert.equal(answer.status, status, label);
      assert.match(answer.said, message, label);
    }
    const other = await post(run.id, { noteId, itemId, text: "de marcos", idempotencyKey: key() }, fx.users.marcos);
    assert.equal(other.status, 403);
    assert.match(other.said, /Só quem escreveu/);
    const viewer = await post(
      run.id,
      { noteId: randomUUID(), itemId, text: "x", idempotencyKey: key() },
      fx.users.visitante,
    );
    assert.equal(viewer.status, 403);
    assert.deepEqual(await counts(), before);
    assert.equal((await fx.prisma.checklistNote.findUniqueOrThrow({ where: { id: noteId } })).text, "anotado");
  });
});
