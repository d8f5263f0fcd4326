import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Cadence, TickAction } from "@/lib/generated/prisma/enums.ts";
import { auditInsertFrom, type AuditRow } from "@/lib/audit/audit";

// Every raw SQL statement of the checklists and the row it returns, in one module (ADR 0009).
// Rows keep PostgreSQL's snake_case names: they are the database's shape, turned into the
// domain's camelCase types by the callers. A column added to a query is added to its row type
// here, next to it, and nowhere else.

export type Db = PrismaClient | Prisma.TransactionClient;

/** The checklist_runs columns that several queries select for `r` (cadence cast to text). */
const RUN_COLUMNS = Prisma.sql`r.id, r.runbook_slug, r.runbook_version, r.cadence::text AS cadence, r.period_key, r.required_items, r.optional_items,
           r.deadline_at, r.completed_at`;

interface RunColumns {
  id: string;
  runbook_slug: string;
  runbook_version: string;
  cadence: Cadence;
  period_key: string;
  required_items: string[];
  optional_items: string[] | null;
  deadline_at: Date | null;
  completed_at: Date | null;
}

/** One checklist_ticks row with its author's name. */
export interface TickRow {
  id: string;
  run_id: string;
  item_id: string;
  action: TickAction;
  actor_id: string;
  actor_name: string;
  note: string | null;
  evidence: unknown;
  created_at: Date;
}

/**
 * The final state of an item, as an aggregate (no sort of the rows): ticked when its latest tick
 * is later than its latest untick. Equivalent to "the latest row is a tick" because recordTick
 * gives the rows of a run strictly increasing times.
 */
const TICKED_AGGREGATE = Prisma.sql`max(t.created_at) FILTER (WHERE t.action = 'tick') > COALESCE(max(t.created_at) FILTER (WHERE t.action = 'untick'), '-infinity')`;

// ---------------------------------------------------------------------------------------------
// The tick path

/** Everything the tick path decides before taking a lock; every column is null when its row is missing. */
export interface TickPreCheckRow {
  run_id: string | null;
  runbook_slug: string | null;
  cadence: Cadence | null;
  period_key: string | null;
  items: string[] | null;
  actor_email: string | null;
  actor_name: string | null;
  actor_disabled: boolean | null;
  prev_id: string | null;
  prev_run_id: string | null;
  prev_item_id: string | null;
  prev_action: TickAction | null;
  prev_actor_id: string | null;
  prev_note: string | null;
  prev_evidence: unknown;
  prev_created_at: Date | null;
}

/** One read, no lock: the run, the actor, and the row of this idempotency key if it exists. */
export async function selectTickPreCheck(
  db: Db,
  runId: string,
  actorId: string,
  idempotencyKey: string,
): Promise<TickPreCheckRow> {
  const [row] = await db.$queryRaw<TickPreCheckRow[]>`
    SELECT r.id AS run_id, r.runbook_slug, r.cadence::text AS cadence, r.period_key,
           r.required_items || COALESCE(r.optional_items, '{}') AS items,
           u.email AS actor_email, u.name AS actor_name, u.disabled_at IS NOT NULL AS actor_disabled,
           p.id AS prev_id, p.run_id AS prev_run_id, p.item_id AS prev_item_id, p.action::text AS prev_action,
           p.actor_id AS prev_actor_id, p.note AS prev_note, p.evidence AS prev_evidence, p.created_at AS prev_created_at
      FROM (SELECT 1) AS one
      LEFT JOIN checklist_runs r ON r.id = ${runId}::uuid
      LEFT JOIN users u ON u.id = ${actorId}::uuid
      LEFT JOIN checklist_ticks p ON p.idempotency_key = ${idempotencyKey}`;
  return row!;
}

export interface LockedRunRow extends RunColumns {
  completed_by_id: string | null;
  completed_by_name: string | null;
  created_at: Date;
}

/** Locks the run's row until the transaction ends; undefined when there is no such run. */
export async function lockRunForTick(tx: Db, runId: string): Promise<LockedRunRow | undefined> {
  const [locked] = await tx.$queryRaw<LockedRunRow[]>`
    SELECT ${RUN_COLUMNS}, r.completed_by_id, c.name AS completed_by_name, r.created_at
      FROM checklist_runs r
      LEFT JOIN users c ON c.id = r.completed_by_id
     WHERE r.id = ${runId}::uuid
       FOR UPDATE OF r`;
  return locked;
}

/** Locks the run's row until the transaction ends; false when there is no such run. */
export async function lockRun(tx: Db, runId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id FROM checklist_runs WHERE id = ${runId}::uuid FOR UPDATE`;
  return rows.length > 0;
}

/** The latest row of every item of a run, each with the time of the run's first row. */
export function selectLatestTicks(db: Db, runId: string): Promise<Array<TickRow & { started_at: Date }>> {
  return db.$queryRaw<Array<TickRow & { started_at: Date }>>`
    SELECT DISTINCT ON (t.item_id)
           t.id, t.run_id, t.item_id, t.action::text AS action, t.actor_id, u.name AS actor_name,
           t.note, t.evidence, t.created_at, min(t.created_at) OVER () AS started_at
      FROM checklist_ticks t
      JOIN users u ON u.id = t.actor_id
     WHERE t.run_id = ${runId}::uuid
     ORDER BY t.item_id, t.created_at DESC, t.id DESC`;
}

export interface NewTick {
  id: string;
  runId: string;
  itemId: string;
  action: TickAction;
  actorId: string;
  note: string | null;
  evidence: unknown;
  idempotencyKey: string;
  at: Date;
}

/** The run's completion after the tick; written only when `changed`. */
export interface RunCompletion {
  changed: boolean;
  completedAt: Date | null;
  completedById: string | null;
}

/** One statement, one round trip under the lock: the tick row, the run's completion and the audit event. */
export async function insertTick(tx: Db, tick: NewTick, completion: RunCompletion, audit: AuditRow): Promise<void> {
  await tx.$executeRaw`
    WITH tick AS (
      INSERT INTO checklist_ticks (id, run_id, item_id, action, actor_id, note, evidence, idempotency_key, created_at)
      VALUES (${tick.id}::uuid, ${tick.runId}::uuid, ${tick.itemId}, ${tick.action}::"TickAction", ${tick.actorId}::uuid, ${tick.note},
              ${tick.evidence === null ? null : JSON.stringify(tick.evidence)}::jsonb, ${tick.idempotencyKey}, ${tick.at})
      RETURNING id
    ), run AS (
      UPDATE checklist_runs SET completed_at = ${completion.completedAt}, completed_by_id = ${completion.completedById}::uuid
       WHERE id = ${tick.runId}::uuid AND ${completion.changed}
    )
    ${auditInsertFrom(audit, Prisma.sql`tick`)}`;
}

// ---------------------------------------------------------------------------------------------
// History

/** A run of the history's scope with its final state. */
export interface RunFactRow {
  id: string;
  runbook_slug: string;
  period_key: string;
  required_items: string[];
  optional_items: string[] | null;
  deadline_at: Date | null;
  completed_at: Date | null;
  completed_by_id: string | null;
  completed_by_name: string | null;
  ticked: string[];
  started_at: Date | null;
}

/** Every run of these checklists and periods: which items are ticked, when its first row was written. */
export function selectRunFacts(db: Db, slugs: string[], keys: string[]): Promise<RunFactRow[]> {
  return db.$queryRaw<RunFactRow[]>`
    WITH runs AS MATERIALIZED (
      SELECT r.id, r.runbook_slug, r.period_key, r.required_items, r.optional_items, r.deadline_at, r.completed_at, r.completed_by_id
        FROM checklist_runs r
       WHERE r.runbook_slug = ANY(${slugs}::text[]) AND r.period_key = ANY(${keys}::text[])
    ), items AS (
      SELECT t.run_id, t.item_id, min(t.created_at) AS first_at, ${TICKED_AGGREGATE} AS ticked
        FROM checklist_ticks t
       WHERE t.run_id IN (SELECT id FROM runs)
       GROUP BY t.run_id, t.item_id
    ), per_run AS (
      SELECT run_id, array_agg(item_id) FILTER (WHERE ticked) AS ticked, min(first_at) AS started_at
        FROM items GROUP BY run_id
    )
    SELECT runs.*, u.name AS completed_by_name, COALESCE(p.ticked, '{}') AS ticked, p.started_at
      FROM runs
      LEFT JOIN per_run p ON p.run_id = runs.id
      LEFT JOIN users u ON u.id = runs.completed_by_id`;
}

/** One person's rows over the history's scope. */
export interface ActivityRow {
  id: string;
  name: string;
  email: string;
  ticks: number;
  unticks: number;
  notes: number;
  runs: number;
  last_at: Date | null;
}

/** What each person did in these checklists and periods (only `person` when given). */
export function selectPersonActivity(
  db: Db,
  slugs: string[],
  keys: string[],
  person: string | null,
): Promise<ActivityRow[]> {
  // Per (person, run) first, so counting runs needs no DISTINCT (and no sort of every row).
  return db.$queryRaw<ActivityRow[]>`
    WITH per_run AS (
      SELECT t.actor_id, t.run_id,
             count(*) FILTER (WHERE t.action = 'tick') AS ticks,
             count(*) FILTER (WHERE t.action = 'untick') AS unticks,
             count(t.note) AS notes,
             max(t.created_at) AS last_at
        FROM checklist_runs r
        JOIN checklist_ticks t ON t.run_id = r.id
       WHERE r.runbook_slug = ANY(${slugs}::text[]) AND r.period_key = ANY(${keys}::text[])
         AND (${person}::uuid IS NULL OR t.actor_id = ${person}::uuid)
       GROUP BY t.actor_id, t.run_id
    )
    SELECT p.actor_id AS id, u.name, u.email, sum(p.ticks)::int AS ticks, sum(p.unticks)::int AS unticks,
           sum(p.notes)::int AS notes, count(*)::int AS runs, max(p.last_at) AS last_at
      FROM per_run p
      JOIN users u ON u.id = p.actor_id
     GROUP BY p.actor_id, u.name, u.email`;
}

// ---------------------------------------------------------------------------------------------
// CSV export

export interface ExportRunRow extends RunColumns {
  completed_by_name: string | null;
  completed_by_email: string | null;
}

export interface ExportRunsQuery {
  keys: string[];
  checklist: string | null;
  completedBy: string | null;
  /** Keyset position: runs strictly after this (checklist, period). */
  after: { slug: string; key: string };
  limit: number;
}

/** The next batch of runs in (checklist, period) order. */
export function selectExportRuns(db: Db, q: ExportRunsQuery): Promise<ExportRunRow[]> {
  return db.$queryRaw<ExportRunRow[]>`
      SELECT ${RUN_COLUMNS}, c.name AS completed_by_name, c.email AS completed_by_email
        FROM checklist_runs r
        LEFT JOIN users c ON c.id = r.completed_by_id
       WHERE r.period_key = ANY(${q.keys}::text[])
         AND (${q.checklist}::text IS NULL OR r.runbook_slug = ${q.checklist}::text)
         AND (${q.completedBy}::uuid IS NULL OR r.completed_by_id = ${q.completedBy}::uuid)
         AND (r.runbook_slug, r.period_key) > (${q.after.slug}::text, ${q.after.key}::text)
       ORDER BY r.runbook_slug, r.period_key
       LIMIT ${q.limit}`;
}

export interface ExportTickRow {
  id: string;
  run_id: string;
  item_id: string;
  action: TickAction;
  created_at: Date;
  note: string | null;
  /** The jsonb as text, as the CSV shows it. */
  evidence: string | null;
  name: string;
  email: string;
}

/** Every row of these runs, in the runs' order then time order (only `person`'s when given). */
export function selectExportTicks(db: Db, runIds: string[], person: string | null): Promise<ExportTickRow[]> {
  return db.$queryRaw<ExportTickRow[]>`
      SELECT t.id, t.run_id, t.item_id, t.action::text AS action, t.created_at, t.note, t.evidence::text AS evidence, u.name, u.email
        FROM unnest(${runIds}::uuid[]) WITH ORDINALITY AS b(id, ord)
        JOIN checklist_ticks t ON t.run_id = b.id
        JOIN users u ON u.id = t.actor_id
       WHERE (${person}::uuid IS NULL OR t.actor_id = ${person}::uuid)
       ORDER BY b.ord, t.created_at, t.id`;
}

export interface ExportRunFactRow {
  run_id: string;
  ticked: string[] | null;
  started_at: Date;
  rows: number;
}

/** The final state of these runs: ticked items, first row's time, number of rows. */
export function selectExportRunFacts(db: Db, runIds: string[]): Promise<ExportRunFactRow[]> {
  return db.$queryRaw<ExportRunFactRow[]>`
      WITH items AS (
        SELECT t.run_id, t.item_id, min(t.created_at) AS first_at, count(*) AS rows, ${TICKED_AGGREGATE} AS ticked
          FROM checklist_ticks t
         WHERE t.run_id = ANY(${runIds}::uuid[])
         GROUP BY t.run_id, t.item_id
      )
      SELECT run_id, array_agg(item_id) FILTER (WHERE ticked) AS ticked, min(first_at) AS started_at, sum(rows)::int AS rows
        FROM items GROUP BY run_id`;
}
