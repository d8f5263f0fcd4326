import { NotFoundError } from "@/lib/http/errors";
import type { Cadence } from "@/lib/generated/prisma/enums.ts";
import type { ChecklistDefinition } from "./definitions";
import { resolveDeps, type ChecklistDeps } from "./deps";
import type { HistoryFilter } from "./history-filter";
import {
  compareLocalDates,
  formatLocalDate,
  localDate,
  parseLocalDate,
  periodKey,
  periodsOverlapping,
  type Period,
} from "./periods";
import { selectPersonActivity, selectRunFacts, type ActivityRow, type RunFactRow } from "./sql";
import { buildRunState, latestRows, runNotes, runRowSelect, type Db } from "./state";
import { runStatus } from "./status";
import type { PersonRef, RunState, RunStatus, TickView } from "./types";

// The manager's view of checklist history (reports:read). Every figure is computed from the
// append-only tick rows (the latest row of an item is its state), over the periods of the range:
// a period overlaps [from, to]; periods after the current one are not shown.
//
// Definitions used by the figures:
// - calendar status: see RunStatus (done / late / open / partial / missed / pending).
// - skip rate of an item: over the *worked* past runs in the range (at least one item ticked at
//   the end of the period), the share in which the item was not ticked. Missed periods are shown
//   by the calendar, not counted as skips of every item; the current period is not counted yet.
// - completion time: from the run's first row to its completion (how long the checklist takes).
// - person filter: restricts activity and completion figures to that person (runs they
//   completed); the calendar and skip rates always describe the checklist as a whole.

export interface CalendarPeriod {
  key: string;
  start: string;
  end: string;
  status: RunStatus;
  runId: string | null;
  requiredTotal: number;
  requiredTicked: number;
  deadlineAt: string | null;
  completedAt: string | null;
  completedBy: PersonRef | null;
}

export interface ItemSkipRate {
  itemId: string;
  text: string | null;
  optional: boolean;
  /** Worked runs that had this item. */
  runs: number;
  skipped: number;
  /** skipped / runs, 0..1 (0 when runs is 0). */
  rate: number;
}

export interface CompletionSummary {
  periods: number;
  done: number;
  late: number;
  open: number;
  partial: number;
  missed: number;
  pending: number;
  /** (done + late) / past periods, 0..1; null without past periods. */
  completionRate: number | null;
  /** done / past periods. */
  onTimeRate: number | null;
  averageDurationMs: number | null;
  medianDurationMs: number | null;
  /** Average time past the deadline of late runs. */
  averageLateByMs: number | null;
}

export interface ChecklistHistory {
  checklist: { slug: string; title: string; cadence: Cadence; deadline: string | null };
  calendar: CalendarPeriod[];
  completion: CompletionSummary;
  items: ItemSkipRate[];
}

export interface PersonActivity {
  person: PersonRef & { email: string };
  ticks: number;
  unticks: number;
  notes: number;
  /** Runs in which the person wrote at least one row. */
  runsTouched: number;
  runsCompleted: number;
  runsCompletedLate: number;
  lastActivityAt: string | null;
}

export interface HistoryReport {
  filter: HistoryFilter;
  checklists: ChecklistHistory[];
  people: PersonActivity[];
}

export interface HistoryScope {
  definitions: ChecklistDefinition[];
  periods: Map<string, Period[]>;
  slugs: string[];
  keys: string[];
  currentKeys: Map<string, string>;
}

/** The checklists and periods a filter covers. A checklist no longer in runbooks/ is described from its runs. */
export async function historyScope(filter: HistoryFilter, deps: ChecklistDeps): Promise<HistoryScope> {
  let definitions: ChecklistDefinition[];
  if (filter.checklist) {
    const found =
      (await deps.checklists.get(filter.checklist)) ?? (await definitionFromRuns(deps.prisma, filter.checklist));
    if (!found) throw new NotFoundError({ code: "checklists.notFound", params: { slug: filter.checklist } });
    definitions = [found];
  } else {
    definitions = await deps.checklists.list();
  }
  const now = deps.now();
  const today = localDate(now, deps.timeZone);
  const from = parseLocalDate(filter.from)!;
  const requestedTo = parseLocalDate(filter.to)!;
  const to = compareLocalDates(requestedTo, today) > 0 ? today : requestedTo;
  const periods = new Map<string, Period[]>();
  const keys = new Set<string>();
  const currentKeys = new Map<string, string>();
  for (const d of definitions) {
    const list = periodsOverlapping(d.cadence, from, to);
    periods.set(d.slug, list);
    for (const p of list) keys.add(p.key);
    currentKeys.set(d.slug, periodKey(d.cadence, now, deps.timeZone));
  }
  return { definitions, periods, slugs: definitions.map((d) => d.slug), keys: [...keys], currentKeys };
}

async function definitionFromRuns(db: Db, slug: string): Promise<ChecklistDefinition | null> {
  const run = await db.checklistRun.findFirst({ where: { runbookSlug: slug }, orderBy: { createdAt: "desc" } });
  if (!run) return null;
  return {
    slug,
    title: slug,
    version: run.runbookVersion,
    cadence: run.cadence,
    deadline: null,
    items: [
      ...run.requiredItems.map((id) => ({ id, text: id, optional: false })),
      ...run.optionalItems.map((id) => ({ id, text: id, optional: true })),
    ],
  };
}

/** Every run of the scope with its final state: which items are ticked, when the first row was written. */
async function runFacts(db: Db, scope: HistoryScope): Promise<RunFactRow[]> {
  if (scope.slugs.length === 0 || scope.keys.length === 0) return [];
  return selectRunFacts(db, scope.slugs, scope.keys);
}

function statusOf(fact: RunFactRow | undefined, current: boolean): RunStatus {
  if (!fact) return current ? "pending" : "missed";
  const inRun = new Set([...fact.required_items, ...(fact.optional_items ?? [])]);
  return runStatus({
    completedAt: fact.completed_at,
    deadlineAt: fact.deadline_at,
    tickedCount: fact.ticked.filter((id) => inRun.has(id)).length,
    current,
  });
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Calendar, completion figures and skip rates of one checklist, from its run facts. */
export function summarizeChecklist(
  definition: ChecklistDefinition,
  periods: Period[],
  facts: RunFactRow[],
  currentKey: string,
  person: string | null,
): ChecklistHistory {
  const byKey = new Map(facts.map((f) => [f.period_key, f]));
  const calendar: CalendarPeriod[] = [];
  const counts = { done: 0, late: 0, open: 0, partial: 0, missed: 0, pending: 0 };
  const durations: number[] = [];
  const lateBy: number[] = [];
  const skips = new Map<string, { runs: number; skipped: number; optional: boolean }>();
  const optionalInDefinition = new Map(definition.items.map((i) => [i.id, i.optional]));

  for (const period of periods) {
    const fact = byKey.get(period.key);
    const current = period.key === currentKey;
    const status = statusOf(fact, current);
    counts[status] += 1;
    calendar.push({
      key: period.key,
      start: formatLocalDate(period.start),
      end: formatLocalDate(period.end),
      status,
      runId: fact?.id ?? null,
      requiredTotal: fact?.required_items.length ?? definition.items.filter((i) => !i.optional).length,
      requiredTicked: fact ? fact.required_items.filter((id) => fact.ticked.includes(id)).length : 0,
      deadlineAt: fact?.deadline_at?.toISOString() ?? null,
      completedAt: fact?.completed_at?.toISOString() ?? null,
      completedBy: fact?.completed_by_id ? { id: fact.completed_by_id, name: fact.completed_by_name ?? "" } : null,
    });
    if (!fact) continue;
    if (fact.completed_at && (!person || fact.completed_by_id === person)) {
      if (fact.started_at) durations.push(fact.completed_at.getTime() - fact.started_at.getTime());
      if (status === "late" && fact.deadline_at) lateBy.push(fact.completed_at.getTime() - fact.deadline_at.getTime());
    }
    if (current || status === "missed") continue;
    const ticked = new Set(fact.ticked);
    const items: Array<[string, boolean]> = [
      ...fact.required_items.map((id) => [id, false] as [string, boolean]),
      ...(fact.optional_items ?? []).map((id) => [id, true] as [string, boolean]),
    ];
    for (const [id, optional] of items) {
      const entry = skips.get(id) ?? { runs: 0, skipped: 0, optional: optionalInDefinition.get(id) ?? optional };
      entry.runs += 1;
      if (!ticked.has(id)) entry.skipped += 1;
      skips.set(id, entry);
    }
  }

  const past = calendar.filter((c) => c.key !== currentKey);
  const order = new Map(definition.items.map((item, index) => [item.id, index]));
  const items = [...skips]
    .map(([itemId, s]) => ({
      itemId,
      text: definition.items.find((i) => i.id === itemId)?.text ?? null,
      optional: s.optional,
      runs: s.runs,
      skipped: s.skipped,
      rate: s.runs ? s.skipped / s.runs : 0,
    }))
    .sort(
      (a, b) =>
        (order.get(a.itemId) ?? Infinity) - (order.get(b.itemId) ?? Infinity) || a.itemId.localeCompare(b.itemId),
    );

  return {
    checklist: {
      slug: definition.slug,
      title: definition.title,
      cadence: definition.cadence,
      deadline: definition.deadline,
    },
    calendar,
    completion: {
      periods: calendar.length,
      ...counts,
      completionRate: past.length
        ? past.filter((c) => c.status === "done" || c.status === "late").length / past.length
        : null,
      onTimeRate: past.length ? past.filter((c) => c.status === "done").length / past.length : null,
      averageDurationMs: average(durations),
      medianDurationMs: median(durations),
      averageLateByMs: average(lateBy),
    },
    items,
  };
}

async function personActivity(db: Db, scope: HistoryScope, person: string | null): Promise<ActivityRow[]> {
  if (scope.slugs.length === 0 || scope.keys.length === 0) return [];
  return selectPersonActivity(db, scope.slugs, scope.keys, person);
}

function withCompletions(rows: ActivityRow[], facts: RunFactRow[]): PersonActivity[] {
  const completed = new Map<string, { runs: number; late: number }>();
  for (const f of facts) {
    if (!f.completed_at || !f.completed_by_id) continue;
    const c = completed.get(f.completed_by_id) ?? { runs: 0, late: 0 };
    c.runs += 1;
    if (f.deadline_at && f.completed_at > f.deadline_at) c.late += 1;
    completed.set(f.completed_by_id, c);
  }
  return rows
    .map((r) => ({
      person: { id: r.id, name: r.name, email: r.email },
      ticks: r.ticks,
      unticks: r.unticks,
      notes: r.notes,
      runsTouched: r.runs,
      runsCompleted: completed.get(r.id)?.runs ?? 0,
      runsCompletedLate: completed.get(r.id)?.late ?? 0,
      lastActivityAt: r.last_at?.toISOString() ?? null,
    }))
    .sort((a, b) => b.ticks + b.unticks - (a.ticks + a.unticks) || a.person.name.localeCompare(b.person.name, "pt-BR"));
}

/** Everything the history page shows for a filter. */
export async function checklistHistory(
  filter: HistoryFilter,
  overrides: Partial<ChecklistDeps> = {},
): Promise<HistoryReport> {
  const deps = resolveDeps(overrides);
  const scope = await historyScope(filter, deps);
  const [facts, activity] = await Promise.all([
    runFacts(deps.prisma, scope),
    personActivity(deps.prisma, scope, filter.person),
  ]);
  const bySlug = new Map<string, RunFactRow[]>();
  for (const f of facts) {
    const list = bySlug.get(f.runbook_slug);
    if (list) list.push(f);
    else bySlug.set(f.runbook_slug, [f]);
  }
  const checklists = scope.definitions.map((d) =>
    summarizeChecklist(
      d,
      scope.periods.get(d.slug) ?? [],
      bySlug.get(d.slug) ?? [],
      scope.currentKeys.get(d.slug)!,
      filter.person,
    ),
  );
  return { filter, checklists, people: withCompletions(activity, facts) };
}

export interface RunDetail {
  run: RunState;
  /** Every row, oldest first. */
  ticks: Array<TickView & { actorEmail: string }>;
}

/** A run with its whole history: every tick and untick with time, person, note and evidence. */
export async function runDetail(id: string, overrides: Partial<ChecklistDeps> = {}): Promise<RunDetail> {
  const deps = resolveDeps(overrides);
  const run = await deps.prisma.checklistRun.findUnique({ where: { id }, select: runRowSelect });
  if (!run) throw new NotFoundError({ code: "checklists.runNotFound" });
  const [definition, rows, notes, ticks] = await Promise.all([
    deps.checklists.get(run.runbookSlug),
    latestRows(deps.prisma, id),
    runNotes(deps.prisma, id),
    deps.prisma.checklistTick.findMany({
      where: { runId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return {
    run: buildRunState(run, rows, definition, { now: deps.now(), timeZone: deps.timeZone }, notes),
    ticks: ticks.map((t) => ({
      id: t.id,
      runId: t.runId,
      itemId: t.itemId,
      action: t.action,
      at: t.createdAt.toISOString(),
      actor: { id: t.actor.id, name: t.actor.name },
      actorEmail: t.actor.email,
      note: t.note,
      evidence: (t.evidence ?? null) as Record<string, unknown> | null,
    })),
  };
}
