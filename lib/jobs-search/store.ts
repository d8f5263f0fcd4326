import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { IndexRow } from "./documents";

// The job_index table. Every write is an idempotent upsert keyed by (queue, job id) that stores
// what Redis holds now, so replaying an event, a reconciliation scan racing an event, or two
// indexers writing the same job all end in one row with the job's current state.

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

/**
 * Writes rows in one statement (arrays unnested). `unlessWrittenSince`: a scan page read at that
 * time leaves alone the rows an event has written since, which hold a newer reading of Redis.
 */
export async function upsertRows(
  db: Db,
  rows: readonly IndexRow[],
  options: { unlessWrittenSince?: Date } = {},
): Promise<void> {
  if (rows.length === 0) return;
  // A batch may name a job twice (two events for it); ON CONFLICT cannot touch one row twice.
  const unique = [...new Map(rows.map((r) => [`${r.queue}\u0000${r.jobId}`, r])).values()];
  const col = <K extends keyof IndexRow>(key: K) => unique.map((r) => r[key]);
  await db.$executeRaw`
    INSERT INTO job_index (queue, job_id, source_queue, original_job_id, dead_letter, name, state, attempts_made,
                           attempts_allowed, failed_reason, data_text, search_text, created_at, finished_at, synced_at)
    SELECT *, now() FROM unnest(
      ${col("queue")}::text[], ${col("jobId")}::text[], ${col("sourceQueue")}::text[], ${col("originalJobId")}::text[],
      ${col("deadLetter")}::boolean[], ${col("name")}::text[], ${col("state")}::text[], ${col("attemptsMade")}::int[],
      ${col("attemptsAllowed")}::int[], ${col("failedReason")}::text[], ${col("dataText")}::text[], ${col("searchText")}::text[],
      ${col("createdAt")}::timestamptz[], ${col("finishedAt")}::timestamptz[])
    ON CONFLICT (queue, job_id) DO UPDATE SET
      source_queue = EXCLUDED.source_queue, original_job_id = EXCLUDED.original_job_id, dead_letter = EXCLUDED.dead_letter,
      name = EXCLUDED.name, state = EXCLUDED.state, attempts_made = EXCLUDED.attempts_made,
      attempts_allowed = EXCLUDED.attempts_allowed, failed_reason = EXCLUDED.failed_reason, data_text = EXCLUDED.data_text,
      search_text = EXCLUDED.search_text, created_at = EXCLUDED.created_at, finished_at = EXCLUDED.finished_at,
      synced_at = EXCLUDED.synced_at
    WHERE ${options.unlessWrittenSince ?? null}::timestamptz IS NULL OR job_index.synced_at < ${options.unlessWrittenSince ?? null}::timestamptz`;
}

export async function deleteRows(db: Db, queue: string, jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await db.$executeRaw`DELETE FROM job_index WHERE queue = ${queue} AND job_id = ANY(${[...jobIds]}::text[])`;
}

/** The database's clock, so "not touched since" compares times from one clock only. */
export async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`;
  return row!.now;
}

/** After a full scan of `queue`: rows the scan (or an event since) did not write are jobs Redis no longer has. */
export async function pruneQueue(db: Db, queue: string, scanStartedAt: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM job_index WHERE queue = ${queue} AND synced_at < ${scanStartedAt}`;
}

/** Rows of queues no longer watched (MONITORED_QUEUES changed). */
export async function pruneUnwatched(db: Db, queues: readonly string[]): Promise<number> {
  return db.$executeRaw`DELETE FROM job_index WHERE NOT (queue = ANY(${[...queues]}::text[]))`;
}

/**
 * After a scan that wrote many rows: fresh statistics, or the planner still thinks the table is
 * empty and picks plans that read every row; and the GIN pending list merged, or every search
 * reads the rows written since linearly (autovacuum would do both, but only minutes later).
 */
export async function refreshAfterBulkWrite(db: Db): Promise<void> {
  await db.$executeRaw`ANALYZE job_index`;
  await db.$queryRaw`SELECT gin_clean_pending_list('job_index_search_text_idx'::regclass)`;
}
