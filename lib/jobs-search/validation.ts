import { z } from "zod";
import type { MonitoredQueue } from "@/lib/config";

// What a search may ask. A substring is matched through trigram indexes, and pg_trgm can only
// narrow a LIKE down with a run of at least three letters or digits: anything shorter (or made of
// punctuation only) would read every row, so it is refused instead of served slowly.

export const SEARCH_FIELDS = ["any", "id", "name", "data", "error"] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const MAX_QUERY_LENGTH = 200;
export const MIN_SUBSTRING_RUN = 3;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

export interface SearchQuery {
  q: string;
  field: SearchField;
  /** Monitored (source) queue names to search, each with its DLQ; all of them when not given. */
  queues: string[];
  limit: number;
}

/** True when a substring search for `text` can use the trigram index. */
export function narrowEnough(text: string): boolean {
  return new RegExp(`[\\p{L}\\p{N}]{${MIN_SUBSTRING_RUN}}`, "u").test(text);
}

const queryText = z
  .string({ error: "Informe o que buscar: id do job, nome, um valor dos dados (ex.: pay_123) ou um trecho do erro." })
  .trim()
  .min(1, "Informe o que buscar: id do job, nome, um valor dos dados (ex.: pay_123) ou um trecho do erro.")
  .max(MAX_QUERY_LENGTH, `Busca longa demais: no máximo ${MAX_QUERY_LENGTH} caracteres.`)
  // PostgreSQL text cannot hold NUL, and no job id, name or value is searched by control characters.
  .refine((text) => !/\p{Cc}/u.test(text), "A busca não pode conter caracteres de controle.");

export function searchQuerySchema(monitored: readonly MonitoredQueue[]) {
  // A DLQ name stands for its source queue: results always cover a queue together with its DLQ.
  const sourceOf = new Map<string, string>();
  for (const q of monitored) {
    sourceOf.set(q.name, q.name);
    if (q.dlq) sourceOf.set(q.dlq, q.name);
  }
  return z
    .object({
      q: queryText,
      field: z.enum(SEARCH_FIELDS, `Campo de busca inválido: use ${SEARCH_FIELDS.join(", ")}.`).default("any"),
      queues: z
        .string()
        .max(2000, "Lista de filas longa demais.")
        .optional()
        .transform((value, ctx) => {
          const names = (value ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
          const unknown = names.filter((n) => !sourceOf.has(n));
          if (unknown.length) {
            ctx.addIssue({ code: "custom", message: `Fila não monitorada: ${unknown.slice(0, 5).join(", ")}.` });
            return z.NEVER;
          }
          const chosen = names.length ? names.map((n) => sourceOf.get(n)!) : monitored.map((q) => q.name);
          return [...new Set(chosen)];
        }),
      limit: z.coerce
        .number({ error: `Limite inválido: um número de 1 a ${MAX_LIMIT}.` })
        .int(`Limite inválido: um número de 1 a ${MAX_LIMIT}.`)
        .min(1, `Limite inválido: um número de 1 a ${MAX_LIMIT}.`)
        .max(MAX_LIMIT, `Limite inválido: um número de 1 a ${MAX_LIMIT}.`)
        .default(DEFAULT_LIMIT),
    })
    .superRefine((query, ctx) => {
      if (query.field !== "id" && !narrowEnough(query.q)) {
        ctx.addIssue({
          code: "custom",
          path: ["q"],
          message: `Busca ampla demais: use ao menos ${MIN_SUBSTRING_RUN} letras ou dígitos seguidos (para um id curto, busque em "id do job").`,
        });
      }
    }) satisfies z.ZodType<SearchQuery, unknown>;
}
