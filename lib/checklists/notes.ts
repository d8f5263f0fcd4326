import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { recordAudit } from "@/lib/audit/audit";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { publishLive } from "@/lib/live/hub";
import { resolveDeps, type ChecklistDeps } from "./deps";
import { NOTE_EVENT, runChannel } from "./events";
import { isCurrentPeriod, noteSelect, noteView, type Db } from "./state";
import { isUniqueViolation } from "./ticks";
import type { Actor, NoteResult } from "./types";
import type { NoteBody } from "./validation";

// Notes saved on their own, apart from ticks: an operator writes down the numbers of an item
// already ticked, and corrects them later. A note is one row with its current text; every save
// (the first included) is a row of checklist_note_edits with the text before and after, and an
// audit event. The client names the note (a UUID) so a note typed offline keeps its identity
// through the browser's outbox, and every save carries an idempotency key so a retry records
// nothing twice.

/** Every save of a note, oldest first: who, when, before → after. */
export async function noteEdits(noteId: string, overrides: Partial<ChecklistDeps> = {}) {
  const deps = resolveDeps(overrides);
  return deps.prisma.checklistNoteEdit.findMany({
    where: { noteId },
    select: { editorId: true, before: true, after: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/**
 * Creates the note `noteId` on an item of the current run, or changes its text when `actor` wrote
 * it (anyone else: 403, nothing changed). Past periods are read-only (409), as for ticks.
 */
export async function saveNote(
  id: string,
  input: NoteBody,
  actor: Actor,
  overrides: Partial<ChecklistDeps> = {},
): Promise<NoteResult> {
  const deps = resolveDeps(overrides);

  for (let attempt = 0; ; attempt++) {
    const replayed = await replay(deps.prisma, id, input, actor);
    if (replayed) return replayed;
    const run = await deps.prisma.checklistRun.findUnique({
      where: { id },
      select: { cadence: true, periodKey: true, requiredItems: true, optionalItems: true },
    });
    if (!run) throw new NotFoundError({ code: "checklists.runNotFound" });
    if (![...run.requiredItems, ...run.optionalItems].includes(input.itemId)) {
      throw new BadRequestError({ code: "checklists.unknownItem", params: { itemId: input.itemId } }, [
        { path: "itemId", message: "item desconhecido" },
      ]);
    }
    if (!isCurrentPeriod(run, deps.now(), deps.timeZone)) {
      throw new ConflictError({ code: "checklists.periodClosed", params: { period: run.periodKey } });
    }
    const user = await deps.prisma.user.findUnique({
      where: { id: actor.id },
      select: { email: true, disabledAt: true },
    });
    if (!user || user.disabledAt) throw new ForbiddenError({ code: "checklists.unknownActor" });
    try {
      const result = await deps.prisma.$transaction((tx) => writeNote(tx, id, input, actor, user.email, deps.now()));
      if (result.outcome !== "unchanged" && deps.live)
        await publishLive(runChannel(id), { type: NOTE_EVENT, data: result.note }, deps.live);
      return result;
    } catch (err) {
      // The same note or key sent twice at once: the loser hits a unique index; look again.
      if (isUniqueViolation(err) && attempt === 0) continue;
      throw err;
    }
  }
}

/** A key seen before answers what it did then, if it is the same save; another save under it is a 409. */
async function replay(db: Db, runId: string, input: NoteBody, actor: Actor): Promise<NoteResult | null> {
  const edit = await db.checklistNoteEdit.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
    select: { editorId: true, after: true, note: { select: noteSelect } },
  });
  if (!edit) return null;
  const { note } = edit;
  if (
    note.id !== input.noteId ||
    note.runId !== runId ||
    note.itemId !== input.itemId ||
    edit.editorId !== actor.id ||
    edit.after !== input.text
  ) {
    throw new ConflictError({ code: "checklists.keyReused" });
  }
  return { outcome: "replayed", note: noteView(note) };
}

/** saveNote's write, without its checks: the demo seed writes notes on past runs with it, as the portal would have. */
export async function writeNote(
  tx: Prisma.TransactionClient,
  runId: string,
  input: NoteBody,
  actor: Actor,
  email: string,
  now: Date,
): Promise<NoteResult> {
  const [locked] = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id FROM checklist_notes WHERE id = ${input.noteId}::uuid FOR UPDATE`;
  // Under the lock, a save with this key that committed while this one waited is seen.
  const replayed = locked ? await replay(tx, runId, input, actor) : null;
  if (replayed) return replayed;
  const existing = locked
    ? await tx.checklistNote.findUniqueOrThrow({
        where: { id: input.noteId },
        select: { ...noteSelect, authorId: true },
      })
    : null;
  if (existing && (existing.runId !== runId || existing.itemId !== input.itemId)) {
    throw new ConflictError({ code: "checklists.noteOtherItem" });
  }
  if (existing && existing.authorId !== actor.id) throw new ForbiddenError({ code: "checklists.noteNotAuthor" });
  if (existing && existing.text === input.text) return { outcome: "unchanged", note: noteView(existing) };
  if (!existing && input.text.trim() === "")
    throw new BadRequestError({ code: "checklists.noteEmpty" }, [{ path: "text", message: "nota vazia" }]);

  const note = existing
    ? await tx.checklistNote.update({
        where: { id: input.noteId },
        data: { text: input.text, updatedAt: now },
        select: noteSelect,
      })
    : await tx.checklistNote.create({
        data: {
          id: input.noteId,
          runId,
          itemId: input.itemId,
          authorId: actor.id,
          text: input.text,
          createdAt: now,
          updatedAt: now,
        },
        select: noteSelect,
      });
  const before = existing?.text ?? null;
  await tx.checklistNoteEdit.create({
    data: {
      noteId: note.id,
      editorId: actor.id,
      before,
      after: input.text,
      idempotencyKey: input.idempotencyKey,
      createdAt: now,
    },
  });
  await recordAudit(
    {
      actor: { id: actor.id, label: email },
      action: existing ? "checklist.note.edit" : "checklist.note",
      targetType: "checklist_run",
      targetId: runId,
      data: { itemId: input.itemId, noteId: note.id, before, after: input.text },
    },
    tx,
  );
  return { outcome: existing ? "edited" : "created", note: noteView(note) };
}
