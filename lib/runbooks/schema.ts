import { z } from "zod";

// The front-matter contract between runbook authors and the portal. Objects are strict so a
// misspelt key ("sevrity") is reported instead of silently ignored. Messages are Portuguese
// because they are read by the runbook authors (lint) and by operators (page banners).

export const RUNBOOK_KINDS = ["checklist", "alert", "procedure", "template"] as const;
export const SEVERITIES = ["P1", "P2", "P3"] as const;
export const CADENCES = ["daily", "weekly", "monthly", "quarterly"] as const;
export const REVIEW_INTERVALS = ["monthly", "quarterly", "semiannual", "yearly"] as const;
export const TRIGGER_SOURCES = ["sentry", "alertmanager"] as const;
/** What the runbook operates: the platform the portal watches, the portal itself, or both. */
export const SYSTEMS = ["platform", "portal", "both"] as const;
export const LIMIT_DIRECTIONS = ["above", "below"] as const;

export type RunbookKind = (typeof RUNBOOK_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Cadence = (typeof CADENCES)[number];
export type ReviewInterval = (typeof REVIEW_INTERVALS)[number];
export type RunbookSystem = (typeof SYSTEMS)[number];
export type LimitDirection = (typeof LIMIT_DIRECTIONS)[number];

/** True when `value` is a real calendar day written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const text = z.string().trim().min(1, "não pode ficar vazio");

// YAML 1.2 (the `yaml` default) reads 2026-11-20 as a string, but a `!!timestamp` tag or a
// YAML 1.1 document yields a Date; accept both and keep the string form.
const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.string().refine(isIsoDate, "data inválida: use AAAA-MM-DD (ex.: 2026-11-20)"),
);

const escalationStep = z.strictObject({
  level: z.number().int().min(1, "nível começa em 1"),
  who: text,
  channel: text.optional(),
  after: z.number().int().min(0, "minutos desde a abertura do incidente (0 ou mais)"),
});

const trigger = z.strictObject({
  source: z.enum(TRIGGER_SOURCES),
  match: text,
});

const LIMIT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// One measured indicator with its thresholds, declared once here and read by the page (the
// `::limits` table), the panels and the lint that compares it with the alert rules.
const limit = z.strictObject({
  label: text,
  /** Printed after each number: "%", "ms", "dias", "jobs". */
  unit: z.string().trim().max(12).default(""),
  /** `above`: bad when the value exceeds the threshold (queues, latency); `below`: when it falls under (days left). */
  direction: z.enum(LIMIT_DIRECTIONS).default("above"),
  warn: z.number().optional(),
  critical: z.number(),
  /** The Prometheus alert (name in deploy/alerting/) that watches this limit, and the value it fires at (default: critical). */
  alert: z.strictObject({ name: text, at: z.number().optional() }).optional(),
  /** What to do past the critical value when this runbook is not itself the answer. */
  action: text.optional(),
});

const baseMetaSchema = z.strictObject({
  title: text,
  summary: text,
  kind: z.enum(RUNBOOK_KINDS),
  severity: z.enum(SEVERITIES).optional(),
  cadence: z.enum(CADENCES).optional(),
  deadline: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'horário inválido: use HH:MM entre aspas (ex.: "10:00")')
    .optional(),
  owner: text,
  escalation: z.array(escalationStep).optional(),
  review: z.strictObject({
    every: z.enum(REVIEW_INTERVALS),
    last: isoDate,
  }),
  tags: z.array(text).default([]),
  triggers: z.array(trigger).default([]),
  // Optional to the parser so a runbook written elsewhere still renders; the lint requires it.
  system: z.enum(SYSTEMS).optional(),
  limits: z.record(z.string().regex(LIMIT_ID, "id de limite: use a-z, 0-9 e hífens"), limit).default({}),
});

export interface MetaIssue {
  /** Path inside the front-matter, e.g. ["review", "last"]. */
  path: (string | number)[];
  message: string;
  /** Where to point when `path` is absent from the file (a missing `severity` → the `kind` line). */
  linePath?: (string | number)[];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Rules that tie fields together. They read the raw YAML defensively, so they are reported
 * alongside other mistakes instead of only once everything else is fixed (zod skips
 * refinements of an object that already failed).
 */
function crossFieldIssues(raw: unknown): MetaIssue[] {
  const meta = asRecord(raw);
  const kind = typeof meta.kind === "string" ? meta.kind : undefined;
  const issues: MetaIssue[] = [];
  if (kind === undefined) return issues;
  if (kind === "alert" && meta.severity === undefined) {
    issues.push({ path: ["severity"], linePath: ["kind"], message: "obrigatório para kind: alert (P1, P2 ou P3)" });
  }
  if (kind !== "alert" && meta.severity !== undefined) {
    issues.push({ path: ["severity"], message: `só vale para kind: alert (este é ${kind})` });
  }
  if (kind === "checklist" && meta.cadence === undefined) {
    issues.push({
      path: ["cadence"],
      linePath: ["kind"],
      message: `obrigatório para kind: checklist (${CADENCES.join(", ")})`,
    });
  }
  // Cadence and deadline drive recurring checklist runs; on other kinds they would mean nothing.
  for (const field of ["cadence", "deadline"] as const) {
    if (kind !== "checklist" && meta[field] !== undefined) {
      issues.push({ path: [field], message: `só vale para kind: checklist (este é ${kind})` });
    }
  }
  const steps = Array.isArray(meta.escalation) ? meta.escalation.map(asRecord) : [];
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    if (!previous) return;
    if (typeof step.level === "number" && typeof previous.level === "number" && step.level <= previous.level) {
      issues.push({ path: ["escalation", index, "level"], message: "níveis devem ser crescentes" });
    }
    if (typeof step.after === "number" && typeof previous.after === "number" && step.after < previous.after) {
      issues.push({
        path: ["escalation", index, "after"],
        message: "after não pode ser menor que o do nível anterior",
      });
    }
  });
  const limits = asRecord(meta.limits);
  for (const [id, raw] of Object.entries(limits)) {
    const entry = asRecord(raw);
    const { warn, critical } = entry;
    if (typeof warn !== "number" || typeof critical !== "number") continue;
    const below = entry.direction === "below";
    if (below ? warn <= critical : warn >= critical) {
      issues.push({
        path: ["limits", id, "warn"],
        message: below ? "warn deve ser maior que critical (direction: below)" : "warn deve ser menor que critical",
      });
    }
  }
  if (Array.isArray(meta.tags)) {
    const tags = meta.tags.filter((tag): tag is string => typeof tag === "string").map((tag) => tag.toLowerCase());
    if (new Set(tags).size !== tags.length) issues.push({ path: ["tags"], message: "tags repetidas" });
  }
  return issues;
}

/** The full front-matter schema, for callers that want a plain zod parse. */
export const runbookMetaSchema = baseMetaSchema.superRefine((meta, ctx) => {
  for (const issue of crossFieldIssues(meta))
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

export type RunbookMeta = z.infer<typeof runbookMetaSchema>;
export type EscalationStep = z.infer<typeof escalationStep>;
export type RunbookTrigger = z.infer<typeof trigger>;
export type RunbookLimit = z.infer<typeof limit>;

function describeReceived(input: unknown): string {
  if (input === null) return "vazio";
  if (Array.isArray(input)) return "uma lista";
  if (typeof input === "string") return `o texto ${JSON.stringify(input)}`;
  if (typeof input === "number") return `o número ${input}`;
  if (typeof input === "boolean") return `${input}`;
  return typeof input === "object" ? "um objeto" : typeof input;
}

const expectedNames: Record<string, string> = {
  string: "um texto",
  number: "um número",
  int: "um número inteiro",
  array: "uma lista",
  object: "um objeto (chave: valor)",
};

/**
 * Portuguese wording for the issues this schema can produce, passed per parse so the
 * rest of the app keeps zod's default (English) messages.
 */
export const metaErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "campo obrigatório ausente";
      return `esperava ${expectedNames[issue.expected] ?? issue.expected}, recebeu ${describeReceived(issue.input)}`;
    case "invalid_value":
      return `${JSON.stringify(issue.input) ?? "valor"} não é válido: use ${issue.values.map((v) => String(v)).join(" | ")}`;
    case "unrecognized_keys":
      return `campo${issue.keys.length > 1 ? "s" : ""} desconhecido${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
    case "too_small":
      return `deve ser no mínimo ${String(issue.minimum)}`;
    case "too_big":
      return `deve ser no máximo ${String(issue.maximum)}`;
    default:
      return undefined;
  }
};

/** Validates already-parsed YAML; never throws. */
export function validateMeta(raw: unknown): { meta: RunbookMeta | null; issues: MetaIssue[] } {
  const result = baseMetaSchema.safeParse(raw, { error: metaErrorMap });
  const issues: MetaIssue[] = [];
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.filter((part): part is string | number => typeof part !== "symbol");
    // One problem per unknown key so each points at its own line.
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: "campo desconhecido" });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  issues.push(...crossFieldIssues(raw));
  return { meta: result.success && issues.length === 0 ? result.data : null, issues };
}
