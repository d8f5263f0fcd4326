import { z } from "zod";
import { isStorableDay } from "@/lib/db/dates";
import { storableText } from "@/lib/db/text";
import { STATUS_ORDER } from "./transitions";

// Everything people type into an incident is stored as text: refused (400) when PostgreSQL could
// not store it, rather than failing in the INSERT (500).
const text = () => z.string().refine(storableText, "texto com caracteres inválidos (NUL ou UTF-16 quebrado)");

const key = text().trim().min(8, "idempotencyKey: ao menos 8 caracteres").max(200);
const uuid = z.uuid("id inválido");

export const NOTE_MAX = 20_000;

export const openBodySchema = z.strictObject({
  runbookSlug: text().trim().min(1).max(200),
  title: text().trim().min(3, "título: ao menos 3 caracteres").max(200),
  severity: z.enum(["P1", "P2", "P3"]).optional(),
  commanderId: uuid.optional(),
  idempotencyKey: key,
});
export type OpenBody = z.infer<typeof openBodySchema>;

export const statusBodySchema = z.strictObject({
  to: z.enum(STATUS_ORDER as ["open", "acknowledged", "mitigated", "resolved"]),
  note: text().trim().max(2000).optional(),
  idempotencyKey: key,
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

export const listQuerySchema = z.object({
  status: z.enum(STATUS_ORDER as ["open", "acknowledged", "mitigated", "resolved"]).optional().catch(undefined),
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
