import type { MonitoredQueue } from "../config";

// The live panels an author can place with a leaf directive (`::dlq{queue="payments"}`), and
// the validation of their arguments. The same messages appear in the lint output and, prefixed
// with "Painel inválido:", in the error box on the page.

export const PANEL_TYPES = ["queues", "failed-jobs", "dlq", "sentry-issues", "sentry-performance", "health"] as const;
export type PanelType = (typeof PANEL_TYPES)[number];
/** How far back the Sentry P95 panel looks: the daily check asks for a day, the weekly one for a week. */
export const PERFORMANCE_PERIODS = ["1h", "24h", "7d"] as const;
export type PerformancePeriod = (typeof PERFORMANCE_PERIODS)[number];

/** Thresholds a panel colours against (amber past `warn`, red past `critical`), from a front-matter limit. */
export interface PanelLimits {
  warn?: number;
  critical?: number;
}

export type PanelSpec =
  /** Limits apply to each queue's waiting jobs. */
  | { type: "queues"; args: PanelLimits }
  /** `queue`: any monitored queue or DLQ name. */
  | { type: "failed-jobs"; args: { queue: string; limit?: number } }
  /** `queue`: the monitored queue whose DLQ is shown (not the DLQ name itself). */
  | { type: "dlq"; args: { queue: string; limit?: number } & PanelLimits }
  | { type: "sentry-issues"; args: { query: string; limit?: number } }
  /** `threshold`: P95 in milliseconds above which an endpoint is highlighted; `period` default 1h. */
  | { type: "sentry-performance"; args: { threshold: number; transaction?: string; period?: PerformancePeriod } }
  /** Limits apply to each dependency's latency in milliseconds. */
  | { type: "health"; args: PanelLimits };

export type PanelResult = { ok: true; panel: PanelSpec } | { ok: false; message: string };

type Attributes = Record<string, string | null | undefined>;

const MAX_LIMIT = 100;
const MAX_THRESHOLD_MS = 600_000;
const MAX_COUNT = 1_000_000_000;

class PanelArgError extends Error {}

/** Validates a directive's name and attributes against the panel catalogue and the queues. */
export function validatePanel(name: string, attributes: Attributes, queues: readonly MonitoredQueue[]): PanelResult {
  if (!isPanelType(name)) {
    const suggestion = closest(name, PANEL_TYPES);
    return {
      ok: false,
      message: `painel desconhecido "::${name}"${suggestion ? ` (você quis dizer "::${suggestion}"?)` : ""}; painéis disponíveis: ${PANEL_TYPES.join(", ")}`,
    };
  }
  try {
    return { ok: true, panel: buildPanel(name, new Args(name, attributes), queues) };
  } catch (error) {
    if (error instanceof PanelArgError) return { ok: false, message: error.message };
    throw error;
  }
}

function isPerformancePeriod(value: string): value is PerformancePeriod {
  return (PERFORMANCE_PERIODS as readonly string[]).includes(value);
}

export function isPanelType(name: string): name is PanelType {
  return (PANEL_TYPES as readonly string[]).includes(name);
}

function buildPanel(type: PanelType, args: Args, queues: readonly MonitoredQueue[]): PanelSpec {
  switch (type) {
    case "queues":
    case "health": {
      const limits = args.limits();
      args.done();
      return { type, args: limits };
    }
    case "failed-jobs": {
      const queue = args.required("queue");
      const names = queues.flatMap((q) => (q.dlq ? [q.name, q.dlq] : [q.name]));
      if (!names.includes(queue)) {
        throw new PanelArgError(`fila "${queue}" não está configurada (filas: ${names.join(", ") || "nenhuma"})`);
      }
      const limit = args.optionalInt("limit", 1, MAX_LIMIT);
      args.done();
      return { type, args: withOptional({ queue }, "limit", limit) };
    }
    case "dlq": {
      const queue = args.required("queue");
      const monitored = queues.find((q) => q.name === queue);
      if (!monitored) {
        const owner = queues.find((q) => q.dlq === queue);
        throw new PanelArgError(
          owner
            ? `"${queue}" já é a DLQ de "${owner.name}"; use a fila de origem: ::dlq{queue="${owner.name}"}`
            : `fila "${queue}" não está configurada (filas monitoradas: ${queues.map((q) => q.name).join(", ") || "nenhuma"})`,
        );
      }
      if (!monitored.dlq) throw new PanelArgError(`a fila "${queue}" não tem DLQ configurada`);
      const limit = args.optionalInt("limit", 1, MAX_LIMIT);
      const limits = args.limits();
      args.done();
      return { type, args: { ...withOptional({ queue }, "limit", limit), ...limits } };
    }
    case "sentry-issues": {
      const query = args.required("query");
      const limit = args.optionalInt("limit", 1, MAX_LIMIT);
      args.done();
      return { type, args: withOptional({ query }, "limit", limit) };
    }
    case "sentry-performance": {
      const threshold = args.requiredInt("threshold", 1, MAX_THRESHOLD_MS);
      const transaction = args.optional("transaction");
      const period = args.optional("period");
      if (period !== undefined && !isPerformancePeriod(period)) {
        throw new PanelArgError(`period deve ser ${PERFORMANCE_PERIODS.join(", ")} (recebeu "${period}")`);
      }
      args.done();
      return { type, args: withOptional(withOptional({ threshold }, "transaction", transaction), "period", period) };
    }
  }
}

/** Adds an optional key only when present, so `data-args` JSON stays minimal and stable. */
function withOptional<T extends object, K extends string, V>(
  base: T,
  key: K,
  value: V | undefined,
): T & Partial<Record<K, V>> {
  return value === undefined ? base : { ...base, [key]: value };
}

/** Reads attributes one by one; `done()` rejects whatever was not read. */
class Args {
  private readonly used = new Set<string>();
  constructor(
    private readonly panel: PanelType,
    private readonly attributes: Attributes,
  ) {}

  optional(key: string): string | undefined {
    this.used.add(key);
    const value = this.attributes[key];
    if (value === undefined || value === null) return undefined;
    if (value.trim() === "") throw new PanelArgError(`${key} precisa de um valor (ex.: ${key}="...")`);
    return value.trim();
  }

  required(key: string): string {
    const value = this.optional(key);
    if (value === undefined) throw new PanelArgError(`falta o argumento ${key} (ex.: ::${this.panel}{${key}="..."})`);
    return value;
  }

  optionalInt(key: string, min: number, max: number): number | undefined {
    const value = this.optional(key);
    if (value === undefined) return undefined;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new PanelArgError(`${key} deve ser um número inteiro de ${min} a ${max} (recebeu "${value}")`);
    }
    return number;
  }

  requiredInt(key: string, min: number, max: number): number {
    const value = this.optionalInt(key, min, max);
    if (value === undefined) throw new PanelArgError(`falta o argumento ${key} (ex.: ::${this.panel}{${key}=750})`);
    return value;
  }

  /** `warn` / `critical` (the runbook writes `limits="<id>"`, resolved to these before validation). */
  limits(): PanelLimits {
    const warn = this.optionalInt("warn", 0, MAX_COUNT);
    const critical = this.optionalInt("critical", 0, MAX_COUNT);
    if (warn !== undefined && critical !== undefined && warn >= critical) {
      throw new PanelArgError(`warn (${warn}) deve ser menor que critical (${critical})`);
    }
    return withOptional(withOptional({}, "warn", warn), "critical", critical);
  }

  done(): void {
    const unknown = Object.keys(this.attributes).filter((key) => !this.used.has(key));
    if (unknown.length > 0) {
      const label = (key: string) => (key === "id" ? "#id" : key === "class" ? ".classe" : key);
      const accepted = [...this.used].join(", ");
      throw new PanelArgError(
        `argumento${unknown.length > 1 ? "s" : ""} desconhecido${unknown.length > 1 ? "s" : ""}: ${unknown.map(label).join(", ")} (${accepted ? `aceitos: ${accepted}` : `::${this.panel} não tem argumentos`})`,
      );
    }
  }
}

/** The candidate within edit distance 2, to turn a typo into a hint. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
