import { z } from "zod";
import { storableText } from "@/lib/db/text";
import { ITEM_ID_PATTERN } from "@/lib/runbooks/items";

// Everything a client sends about checklists is checked here, at the boundary, before any query
// runs: a malformed id, an oversized note or evidence is a 400 and nothing is written.

export const NOTE_MAX_CHARS = 2000;
export const EVIDENCE_MAX_BYTES = 16 * 1024;
export const EVIDENCE_MAX_DEPTH = 8;

export const slugSchema = z
  .string()
  .max(120, "slug longo demais")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug inválido: use só a-z, 0-9 e hífens");

export const runIdSchema = z.uuid({ error: "id de execução inválido (esperava um UUID)" });

export const itemIdSchema = z
  .string()
  .max(100, "id de item longo demais")
  .regex(ITEM_ID_PATTERN, "id de item inválido: use só a-z, 0-9 e hífens");

/** Chosen by the client (e.g. crypto.randomUUID()) and reused on every retry of the same action. */
export const idempotencyKeySchema = z
  .string()
  .min(8, "chave de idempotência curta demais (mínimo 8 caracteres)")
  .max(128, "chave de idempotência longa demais (máximo 128 caracteres)")
  .regex(/^[A-Za-z0-9._:-]+$/, "chave de idempotência inválida: use letras, dígitos, . _ : e -");

export const noteSchema = z
  .string()
  .refine(storableText, "a nota contém caracteres inválidos")
  .refine((note) => [...note].length <= NOTE_MAX_CHARS, `a nota passa de ${NOTE_MAX_CHARS} caracteres`)
  // The limit counts code points, so it is a refine; declared for the JSON Schema (README, fuzz).
  .meta({ maxLength: NOTE_MAX_CHARS })
  .transform((note) => (note.trim() === "" ? null : note));

interface EvidenceProblem {
  message: string;
}

/** Depth, text and size checks a JSON value must pass to be kept as evidence. */
function evidenceProblem(value: unknown): EvidenceProblem | null {
  let problem: EvidenceProblem | null = null;
  const walk = (v: unknown, depth: number): void => {
    if (problem) return;
    if (depth > EVIDENCE_MAX_DEPTH) {
      problem = { message: `evidência aninhada demais (máximo ${EVIDENCE_MAX_DEPTH} níveis)` };
      return;
    }
    if (typeof v === "string") {
      if (!storableText(v)) problem = { message: "a evidência contém caracteres inválidos" };
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (!storableText(k)) problem = { message: "a evidência contém caracteres inválidos" };
        walk(x, depth + 1);
      }
    }
  };
  walk(value, 1);
  if (problem) return problem;
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (bytes > EVIDENCE_MAX_BYTES)
    return { message: `evidência grande demais (${bytes} bytes; máximo ${EVIDENCE_MAX_BYTES / 1024} KiB)` };
  return null;
}

/**
 * What the panels beside the item showed when it was ticked: a JSON object of at most 16 KiB.
 * Depth, text and size are checked before z.json() walks the value: it recurses, and a value
 * nested thousands of levels deep would exhaust the stack (a 500) instead of being refused.
 */
export const evidenceSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = evidenceProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message });
  })
  .pipe(z.record(z.string(), z.json()));

export type Evidence = z.infer<typeof evidenceSchema>;

/** Body of POST /api/checklists/runs/:runId/ticks. */
export const tickBodySchema = z.strictObject({
  itemId: itemIdSchema,
  action: z.enum(["tick", "untick"]).default("tick"),
  note: noteSchema.nullish().transform((n) => n ?? null),
  evidence: evidenceSchema.nullish().transform((e) => e ?? null),
  idempotencyKey: idempotencyKeySchema,
});

export type TickBody = z.infer<typeof tickBodySchema>;
export type TickBodyInput = z.input<typeof tickBodySchema>;

/** Body of POST /api/checklists/runs/:runId/notes. The note's id is the client's, so an edit made offline names its note. */
export const noteBodySchema = z.strictObject({
  noteId: z.uuid({ error: "id de nota inválido (esperava um UUID)" }),
  itemId: itemIdSchema,
  text: z
    .string({ error: "o texto da nota é obrigatório" })
    .refine(storableText, "a nota contém caracteres inválidos")
    .refine((note) => [...note].length <= NOTE_MAX_CHARS, `a nota passa de ${NOTE_MAX_CHARS} caracteres`),
  idempotencyKey: idempotencyKeySchema,
});

export type NoteBody = z.infer<typeof noteBodySchema>;
