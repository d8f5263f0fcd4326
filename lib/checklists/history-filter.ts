import { z } from "zod";
import {
  addDays,
  compareLocalDates,
  daysBetween,
  formatLocalDate,
  localDate,
  parseLocalDate,
  type LocalDate,
} from "./periods";
import { slugSchema } from "./validation";

// The manager's history filters, carried in the URL so a view can be shared:
//   /history/checklists?checklist=01-monitoramento-diario&person=<uuid>&from=2026-11-01&to=2026-11-30
// Missing dates default to the last 30 days (in the team's time zone). Pages and route handlers
// parse searchParams with the same schema; an invalid value is a 400 (ZodError), never a guess.

export const HISTORY_DEFAULT_DAYS = 30;
/** Ten years: enough for any audit, small enough that a calendar stays a few thousand cells. */
export const HISTORY_MAX_DAYS = 3660;

const isoDay = z.string().refine((value) => parseLocalDate(value) !== null, "data inválida: use AAAA-MM-DD");

/** Empty form fields (`?person=`) mean "no filter"; a repeated parameter keeps its first value. */
function first(value: unknown): unknown {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "" || v === null ? undefined : v;
}

export const historyQuerySchema = z.object({
  checklist: z.preprocess(first, slugSchema.optional()),
  person: z.preprocess(first, z.uuid({ error: "pessoa inválida (esperava o id do usuário)" }).optional()),
  from: z.preprocess(first, isoDay.optional()),
  to: z.preprocess(first, isoDay.optional()),
});

export const exportQuerySchema = historyQuerySchema.extend({
  kind: z.preprocess(first, z.enum(["ticks", "runs"], { error: 'kind deve ser "ticks" ou "runs"' })),
});

export interface HistoryFilter {
  /** One checklist's slug, or null for every checklist. */
  checklist: string | null;
  /** A user id, or null for everyone. */
  person: string | null;
  /** Local days, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

export interface ExportFilter extends HistoryFilter {
  kind: "ticks" | "runs";
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function toObject(params: Params): Record<string, string | string[] | undefined> {
  if (!(params instanceof URLSearchParams)) return params;
  // No prototype: a parameter named "toString" or "constructor" must not find Object's method.
  const out: Record<string, string[]> = Object.create(null);
  for (const [k, v] of params) (out[k] ??= []).push(v);
  return out;
}

function resolveRange(
  from: string | undefined,
  to: string | undefined,
  clock: { now: Date; timeZone: string },
  ctx: z.RefinementCtx,
): { from: string; to: string } {
  const today = localDate(clock.now, clock.timeZone);
  const end: LocalDate = to ? parseLocalDate(to)! : today;
  const start: LocalDate = from ? parseLocalDate(from)! : addDays(end, -(HISTORY_DEFAULT_DAYS - 1));
  if (compareLocalDates(start, end) > 0)
    ctx.addIssue({ code: "custom", path: ["from"], message: "a data inicial é posterior à final" });
  else if (daysBetween(start, end) + 1 > HISTORY_MAX_DAYS)
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: `intervalo longo demais (máximo ${HISTORY_MAX_DAYS} dias)`,
    });
  return { from: formatLocalDate(start), to: formatLocalDate(end) };
}

/** Reads a page's searchParams (or a URLSearchParams); throws ZodError on a bad value. */
export function parseHistoryQuery(params: Params, clock: { now: Date; timeZone: string }): HistoryFilter {
  return historyQuerySchema
    .transform((q, ctx) => ({
      checklist: q.checklist ?? null,
      person: q.person ?? null,
      ...resolveRange(q.from, q.to, clock, ctx),
    }))
    .parse(toObject(params));
}

export function parseExportQuery(params: Params, clock: { now: Date; timeZone: string }): ExportFilter {
  return exportQuerySchema
    .transform((q, ctx) => ({
      kind: q.kind,
      checklist: q.checklist ?? null,
      person: q.person ?? null,
      ...resolveRange(q.from, q.to, clock, ctx),
    }))
    .parse(toObject(params));
}

/** The query string of a filter, for links that keep the view (e.g. a calendar cell, the export button). */
export function historySearchParams(filter: Partial<HistoryFilter> & { kind?: "ticks" | "runs" }): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.checklist) params.set("checklist", filter.checklist);
  if (filter.person) params.set("person", filter.person);
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  if (filter.kind) params.set("kind", filter.kind);
  return params;
}
