import { z } from "zod";
import { idempotencyKeySchema, itemIdSchema } from "@/lib/checklists/validation";
import { isStorableDay } from "@/lib/db/dates";
import { storableText } from "@/lib/db/text";
import { CURSOR_PATTERN, decodeCursor, TIMELINE_PAGE, TIMELINE_PAGE_MAX } from "./timeline";
import { STATUS_ORDER } from "./transitions";

// Everything a client sends about incidents is checked here: a bad field is a 400 naming it, and
// nothing reaches PostgreSQL that it would refuse (a NUL character in a text is a 500 otherwise).

const key = idempotencyKeySchema;
const uuid = z.uuid("id inválido");
/** Text as typed, minus what PostgreSQL cannot store. */
const text = () => z.string().refine(storableText, "texto com caracteres inválidos (NUL ou UTF-16 quebrado)");

export const NOTE_MAX = 20_000;

const severity = z.enum(["P1", "P2", "P3"], "severidade: use P1, P2 ou P3");

export const REASON_MAX = 500;

/** Without a runbook the incident is declared by hand; one can be attached later (RunbookBody). */
export const openBodySchema = z.strictObject({
  runbookSlug: text().trim().min(1).max(200).optional(),
  title: text().trim().min(3, "título: ao menos 3 caracteres").max(200),
  severity: z.enum(["P1", "P2", "P3"]).optional(),
  commanderId: uuid.optional(),
  idempotencyKey: key,
});
export type OpenBody = z.infer<typeof openBodySchema>;

export const RESOLVE_REASON_MAX = 500;

export const statusBodySchema = z
  .strictObject({
    to: z.enum(STATUS_ORDER as ["open", "acknowledged", "mitigated", "resolved"]),
    note: text().trim().max(2000).optional(),
    idempotencyKey: key,
  })
  // Resolving closes the clock for MTTR and the review: it must say why, briefly.
  .superRefine((body, ctx) => {
    if (body.to !== "resolved") return;
    if (!body.note)
      ctx.addIssue({ code: "custom", path: ["note"], message: "motivo obrigatório para resolver o incidente" });
    else if (body.note.length > RESOLVE_REASON_MAX)
      ctx.addIssue({ code: "custom", path: ["note"], message: `motivo: no máximo ${RESOLVE_REASON_MAX} caracteres` });
  });
export type StatusBody = z.infer<typeof statusBodySchema>;

export const noteBodySchema = z.strictObject({
  body: text().trim().min(1, "nota vazia").max(NOTE_MAX, `nota: no máximo ${NOTE_MAX} caracteres`),
  idempotencyKey: key,
});
export type NoteBody = z.infer<typeof noteBodySchema>;

export const commanderBodySchema = z.strictObject({
  commanderId: uuid,
  idempotencyKey: key,
});
export type CommanderBody = z.infer<typeof commanderBodySchema>;

export const severityBodySchema = z.strictObject({
  to: severity,
  reason: text().trim().min(1, "motivo obrigatório").max(REASON_MAX, `motivo: no máximo ${REASON_MAX} caracteres`),
  idempotencyKey: key,
});
export type SeverityBody = z.infer<typeof severityBodySchema>;

export const runbookBodySchema = z.strictObject({
  runbookSlug: text().trim().min(1, "runbook obrigatório").max(200),
  idempotencyKey: key,
});
export type RunbookBody = z.infer<typeof runbookBodySchema>;

export const listQuerySchema = z.object({
  status: z
    .enum(STATUS_ORDER as ["open", "acknowledged", "mitigated", "resolved"])
    .optional()
    .catch(undefined),
  severity: z.enum(["P1", "P2", "P3"]).optional().catch(undefined),
  runbook: text().trim().min(1).max(200).optional().catch(undefined),
  from: z.string().refine(isStorableDay).optional().catch(undefined),
  to: z.string().refine(isStorableDay).optional().catch(undefined),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const jobActionBodySchema = z.strictObject({
  action: z.enum(["retry", "discard"]),
  queue: text().trim().min(1).max(100),
  jobId: text().trim().min(1).max(200),
  reason: text().trim().min(3, "motivo obrigatório (ao menos 3 caracteres)").max(1000),
  idempotencyKey: key,
});
export type JobActionBody = z.infer<typeof jobActionBodySchema>;

export const stepBodySchema = z.strictObject({
  itemId: itemIdSchema,
  action: z.enum(["tick", "untick"]),
  idempotencyKey: key,
});
export type StepBody = z.infer<typeof stepBodySchema>;

/** GET …/timeline?before=<cursor>&limit=: `before` is the olderCursor of the page already shown. */
export const timelineQuerySchema = z.object({
  before: z
    .string()
    .regex(CURSOR_PATTERN, "before: use o olderCursor devolvido pela página anterior")
    .transform((value, ctx) => {
      const cursor = decodeCursor(value);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "before: data inválida no cursor" });
        return z.NEVER;
      }
      return cursor;
    })
    .optional(),
  limit: z.coerce.number().int("limit: um inteiro").min(1).max(TIMELINE_PAGE_MAX).default(TIMELINE_PAGE),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;
