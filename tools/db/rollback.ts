// Reverts the last N applied migrations with the down.sql kept beside each migration.sql.
//
// - All the down.sql files and the history update run in ONE transaction: either every
//   migration is reverted and forgotten, or nothing changed.
// - The reverted migrations' rows are DELETED from "_prisma_migrations" rather than stamped
//   with rolled_back_at. Prisma reserves rolled_back_at for a *failed* migration someone
//   cleaned up by hand (`prisma migrate resolve --rolled-back`); deleting makes the history say
//   exactly what the schema now is — those migrations were never applied — so both
//   `prisma migrate deploy` and our own runner (tools/db/migrations.ts) apply them again, and
//   `migrate status` shows them as plain pending migrations. The record of the rollback is the
//   command's output, which the runbook asks the operator to keep with the incident.
// - "Last" means highest migration name: the order Prisma applies migrations in and the
//   migration level scripts/backup.sh writes in its manifest.
// - It refuses, changing nothing, when N exceeds the applied migrations, when a down.sql is
//   missing, when a migration.sql no longer matches the checksum recorded when it was applied
//   (its down.sql may not undo what actually ran), or when a migration is in a failed state.

import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  appliedMigrations,
  connect,
  describeError,
  listMigrations,
  matchesChecksum,
  PRISMA_MIGRATE_LOCK_KEY,
  quoteLiteral,
  readApplied,
  withoutComments,
  type AppliedMigration,
  type MigrationFile,
} from "@/tools/db/migrations";

// A DROP behind a long-running query would otherwise wait forever while blocking every new
// query on that table; failing after a bounded wait (and rolling back) is the safer outcome.
const LOCK_TIMEOUT = "60s";

export interface RollbackStep {
  name: string;
  downPath: string;
  sql: string;
}

export interface RollbackPlan {
  /** Newest first: the order the down.sql files run in. */
  steps: RollbackStep[];
  /** Migrations still applied afterwards, oldest first. */
  remaining: string[];
}

export interface RollbackOptions {
  steps?: number;
  dryRun?: boolean;
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface RollbackResult {
  reverted: string[];
  remaining: string[];
  /** The SQL that ran (or, with dryRun, would run). */
  sql: string;
  dryRun: boolean;
}

/** A refusal or failure the CLI prints as is; nothing was changed when it is thrown. */
export class RollbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RollbackError";
  }
}

// Statements that would end or escape the single transaction everything runs in.
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|END|START\s+TRANSACTION|ABORT)\b|\bCONCURRENTLY\b/im;

/**
 * Decides what to revert. Pure apart from reading the down.sql and migration.sql files, so the
 * CLI, --dry-run and the real run share every refusal.
 */
export async function planRollback(
  files: MigrationFile[],
  rows: AppliedMigration[],
  steps: number,
): Promise<RollbackPlan> {
  if (!Number.isInteger(steps) || steps < 1)
    throw new RollbackError(`--steps must be a whole number >= 1 (got ${steps})`);

  const failed = rows.find((r) => !r.finishedAt && !r.rolledBackAt);
  if (failed) {
    throw new RollbackError(
      `migration ${failed.name} failed or is still running (finished_at and rolled_back_at are empty); ` +
        `the schema is in an unknown state, so nothing will be reverted until someone has resolved it by hand`,
    );
  }
  const applied = [...new Set(rows.filter((r) => r.finishedAt && !r.rolledBackAt).map((r) => r.name))].sort();
  if (steps > applied.length) {
    throw new RollbackError(
      `cannot revert ${steps} migration(s): only ${applied.length} applied${applied.length ? ` (${applied.join(", ")})` : ""}; nothing was changed`,
    );
  }

  const byName = new Map(files.map((f) => [f.name, f]));
  const chosen = applied.slice(applied.length - steps).reverse();
  const problems: string[] = [];
  const planned: RollbackStep[] = [];
  for (const name of chosen) {
    const file = byName.get(name);
    if (!file) {
      problems.push(
        `${name}: applied to the database but its folder is missing (is this checkout older than the database?)`,
      );
      continue;
    }
    if (!file.downPath) {
      problems.push(`${name}: no down.sql beside ${path.relative(process.cwd(), file.sqlPath) || file.sqlPath}`);
      continue;
    }
    const recorded = rows.find((r) => r.name === name && r.finishedAt && !r.rolledBackAt)!.checksum;
    // A migration.sql whose line endings git converted since is still the migration that ran.
    if (!matchesChecksum(await readFile(file.sqlPath), recorded)) {
      problems.push(
        `${name}: migration.sql changed since it was applied (checksum ${recorded.slice(0, 12)}… in the database, ` +
          `${file.checksum.slice(0, 12)}… on disk), so its down.sql may not undo what ran; check out the version that was deployed`,
      );
      continue;
    }
    const sql = await readFile(file.downPath, "utf8");
    if (TRANSACTION_CONTROL.test(withoutComments(sql))) {
      problems.push(
        `${name}: down.sql controls transactions itself (BEGIN/COMMIT/CONCURRENTLY), which would break the single transaction`,
      );
      continue;
    }
    planned.push({ name, downPath: file.downPath, sql });
  }
  if (problems.length > 0) {
    throw new RollbackError(`refusing to roll back; nothing was changed:\n  ${problems.join("\n  ")}`);
  }
  return { steps: planned, remaining: applied.slice(0, applied.length - steps) };
}

interface Statement {
  /** Shown as a comment before the statement in the printed SQL. */
  comment?: string;
  sql: string;
}

function statements(plan: RollbackPlan): Statement[] {
  const names = plan.steps.map((s) => s.name);
  return [
    { sql: "BEGIN;" },
    { sql: `SET LOCAL lock_timeout = ${quoteLiteral(LOCK_TIMEOUT)};` },
    {
      comment: "the lock prisma migrate takes: no migration runs meanwhile",
      sql: `SELECT pg_advisory_xact_lock(${PRISMA_MIGRATE_LOCK_KEY});`,
    },
    ...plan.steps.map((s) => ({
      comment: `revert ${s.name} (${path.relative(process.cwd(), s.downPath) || s.downPath})`,
      sql: s.sql.trimEnd(),
    })),
    {
      comment: "forget them, so that prisma migrate deploy applies them again",
      sql: `DELETE FROM "_prisma_migrations" WHERE migration_name IN (${names.map(quoteLiteral).join(", ")}) AND finished_at IS NOT NULL AND rolled_back_at IS NULL;`,
    },
    { sql: "COMMIT;" },
  ];
}

/** The whole transaction as a psql-runnable script (what --dry-run prints). */
export function renderSql(plan: RollbackPlan): string {
  return (
    statements(plan)
      .map((s) => (s.comment ? `-- ${s.comment}\n${s.sql}` : s.sql))
      .join("\n\n") + "\n"
  );
}

/** Reverts (or, with dryRun, only plans and renders) the last `steps` applied migrations. */
export async function rollback(databaseUrl: string, opts: RollbackOptions = {}): Promise<RollbackResult> {
  const steps = opts.steps ?? 1;
  const log = opts.log ?? (() => {});
  const files = await listMigrations(opts.migrationsDir);

  if (opts.dryRun) {
    // Read-only: the history through the migration runner's own reader, no transaction, no lock.
    let rows: AppliedMigration[];
    try {
      rows = await appliedMigrations(databaseUrl);
    } catch (err) {
      throw new RollbackError(`cannot read the migration history: ${describeError(err)}`);
    }
    const plan = await planRollback(files, rows, steps);
    return { reverted: plan.steps.map((s) => s.name), remaining: plan.remaining, sql: renderSql(plan), dryRun: true };
  }

  const client = await connect(databaseUrl);
  let inTransaction = false;
  try {
    await client.query("BEGIN");
    inTransaction = true;
    await client.query(`SET LOCAL lock_timeout = ${quoteLiteral(LOCK_TIMEOUT)}`);
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    } catch (err) {
      throw new RollbackError(
        `another migration has held the migration lock for over ${LOCK_TIMEOUT}: ${describeError(err)}`,
      );
    }
    // Planned only now, under the lock: the history cannot change between the plan and the run.
    const plan = await planRollback(files, await readApplied(client), steps);
    for (const step of plan.steps) {
      log(`Reverting ${step.name} with ${path.relative(process.cwd(), step.downPath) || step.downPath}`);
      try {
        // No parameters: pg uses the simple protocol, which runs a whole multi-statement file.
        await client.query(step.sql);
      } catch (err) {
        throw new RollbackError(
          `down.sql of ${step.name} failed: ${describeError(err)}; the transaction was rolled back, nothing was changed`,
        );
      }
    }
    const names = plan.steps.map((s) => s.name);
    const deleted = await client.query(
      `DELETE FROM "_prisma_migrations" WHERE migration_name = ANY($1) AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [names],
    );
    if (deleted.rowCount !== names.length) {
      throw new RollbackError(
        `expected to remove ${names.length} row(s) from _prisma_migrations but found ${deleted.rowCount}; nothing was changed`,
      );
    }
    await client.query("COMMIT");
    inTransaction = false;
    for (const name of names) log(`Reverted ${name}`);
    return { reverted: names, remaining: plan.remaining, sql: renderSql(plan), dryRun: false };
  } catch (err) {
    if (inTransaction) await client.query("ROLLBACK").catch(() => {});
    if (err instanceof RollbackError) throw err;
    throw new RollbackError(`${describeError(err)}; nothing was changed`);
  } finally {
    await client.end().catch(() => {});
  }
}
