// Applies Prisma's migration folders without Prisma's native schema engine (see ADR 0002).
// Everything written to "_prisma_migrations" mirrors what `prisma migrate deploy` writes, so a
// machine that does have the engine sees the same history and carries on from it.

import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// The key `prisma migrate` itself locks, so our runner and a real Prisma also exclude each other.
/** The advisory lock `prisma migrate` takes; our runner and rollback take the same one. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;
const LOCK_TIMEOUT_MS = 60_000;

// Prisma's own DDL for the history table (schema-engine, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sqlPath: string;
  downPath: string | null;
  checksum: string;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
}

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (line: string) => void;
}

/** A refusal or failure the CLI should print as one line, without a stack trace. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export function checksumOf(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

// Prisma accepts a file whose line endings git converted after it was applied; so do we.
export function matchesChecksum(bytes: Buffer, recorded: string): boolean {
  const text = bytes.toString("utf8");
  const variants = [bytes, text.replace(/\r\n/g, "\n"), text.replace(/\r?\n/g, "\r\n")];
  return variants.some((v) => checksumOf(v) === recorded);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Migration folders in name order, the order Prisma applies them in. */
export async function listMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const sqlPath = path.join(dir, name, "migration.sql");
    // Prisma skips folders without a migration.sql (e.g. one being written), so we do too.
    if (!(await isFile(sqlPath))) continue;
    const downPath = path.join(dir, name, "down.sql");
    migrations.push({
      name,
      sqlPath,
      downPath: (await isFile(downPath)) ? downPath : null,
      checksum: checksumOf(await readFile(sqlPath)),
    });
  }
  return migrations;
}

/**
 * pg ignores Prisma's `?schema=` parameter, which would silently put the tables in "public";
 * translate it into a search_path so both tools use the same schema.
 */
export function connectionConfig(databaseUrl: string): { config: pg.ClientConfig; schema: string | null } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  return { config: { connectionString: url.toString() }, schema };
}

export async function connect(databaseUrl: string, opts: { createSchema?: boolean } = {}): Promise<pg.Client> {
  const { config, schema } = connectionConfig(databaseUrl);
  const client = new pg.Client(config);
  // An unhandled 'error' event (e.g. the server terminating us) would crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    if (schema) {
      if (opts.createSchema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return client;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  if (!name) throw new MigrationError(`DATABASE_URL names no database: ${redact(databaseUrl)}`);
  return name;
}

/** The same server and credentials, but the `postgres` maintenance database. */
export function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  url.searchParams.delete("schema");
  return url.toString();
}

/** One line for any error, including Node's message-less AggregateError for a refused connection. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && !err.message) {
    return err.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join("; ");
  }
  return err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err);
}

export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "<unparseable URL>";
  }
}

/** Creates the database named in the URL if it does not exist; true when it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (err) {
      // Another process created it between our check and our CREATE: that is success too.
      const code = (err as { code?: string }).code;
      if (code === "42P04" || code === "23505") return false;
      throw err;
    }
  } finally {
    await client.end();
  }
}

async function tableExists(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass(quote_ident(current_schema()) || '._prisma_migrations') IS NOT NULL AS exists`,
  );
  return rows[0]?.exists ?? false;
}

/** The history as seen through an open connection (inside the caller's transaction, if any). */
export async function readApplied(client: pg.Client): Promise<AppliedMigration[]> {
  if (!(await tableExists(client))) return [];
  const { rows } = await client.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows.map((r) => ({
    name: r.migration_name,
    checksum: r.checksum,
    finishedAt: r.finished_at,
    rolledBackAt: r.rolled_back_at,
  }));
}

/** Every row of "_prisma_migrations" (rolled-back and failed ones too); [] before the first migrate. */
export async function appliedMigrations(databaseUrl: string): Promise<AppliedMigration[]> {
  const client = await connect(databaseUrl);
  try {
    return await readApplied(client);
  } finally {
    await client.end();
  }
}

/** Rows that count as applied, the way Prisma counts them. */
function succeeded(rows: AppliedMigration[]): Map<string, AppliedMigration> {
  return new Map(rows.filter((r) => r.finishedAt && !r.rolledBackAt).map((r) => [r.name, r]));
}

export interface MigrationPlan {
  applied: string[];
  pending: MigrationFile[];
}

/** Compares history with the folder; throws MigrationError for anything Prisma would refuse. */
export async function planMigrations(files: MigrationFile[], rows: AppliedMigration[]): Promise<MigrationPlan> {
  const failed = rows.find((r) => !r.finishedAt && !r.rolledBackAt);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.name} failed or is still running (finished_at and rolled_back_at are both empty); ` +
        `fix the database by hand, then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed.name}')`,
    );
  }
  const done = succeeded(rows);
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of done.values()) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationError(
        `migration ${row.name} is applied to the database but missing from the migrations folder (is this checkout older than the database?)`,
      );
    }
    if (!matchesChecksum(await readFile(file.sqlPath), row.checksum)) {
      throw new MigrationError(
        `migration ${row.name} was modified after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk); ` +
          `restore the file and put the change in a new migration`,
      );
    }
  }
  return {
    applied: files.filter((f) => done.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !done.has(f.name)),
  };
}

async function withLock<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  // lock_timeout bounds the wait for a migration running elsewhere; reset so it never limits
  // the migrations' own statements.
  await client.query(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (err) {
    if ((err as { code?: string }).code === "55P03") {
      throw new MigrationError(`another process has held the migration lock for over ${LOCK_TIMEOUT_MS / 1000} s`);
    }
    throw err;
  } finally {
    await client.query("RESET lock_timeout").catch(() => {});
  }
  try {
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
  }
}

// Statements that cannot run inside our transaction (Prisma's own enum rewrite emits BEGIN/COMMIT).
const MANAGES_OWN_TRANSACTION = /^\s*(BEGIN|COMMIT|START\s+TRANSACTION)\s*;|\bCONCURRENTLY\b/im;

export function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const bytes = await readFile(migration.sqlPath);
  const sql = bytes.toString("utf8");
  const checksum = checksumOf(bytes);
  const id = randomUUID();
  const insertStarted = () =>
    client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, checksum, migration.name],
    );
  const markFinished = () =>
    client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );

  if (MANAGES_OWN_TRANSACTION.test(withoutComments(sql))) {
    // Exactly Prisma's sequence. A failure may leave the schema half-changed, so the row stays
    // "failed" and the next run refuses until someone has looked at it.
    await insertStarted();
    try {
      // No parameters: pg then uses the simple protocol, which accepts many statements at once.
      await client.query(sql);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await client.query("ROLLBACK").catch(() => {});
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, reason]).catch(() => {});
      throw new MigrationError(
        `migration ${migration.name} failed part-way (it manages its own transactions): ${reason}`,
      );
    }
    await markFinished();
    return;
  }

  // Prisma's row sequence (insert, run, stamp finished_at), but in one transaction so a failure
  // leaves neither a half-applied schema nor a half-written row behind.
  await client.query("BEGIN");
  try {
    await insertStarted();
    await client.query(sql);
    await markFinished();
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    // Recorded as rolled back (what `prisma migrate resolve --rolled-back` writes), since it was:
    // the history keeps the error, and both Prisma and we retry the migration next time.
    await client
      .query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, now(), now(), 0)`,
        [id, checksum, migration.name, reason],
      )
      .catch(() => {});
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

/** Applies pending migrations in name order; safe to call from several processes at once. */
export async function migrate(databaseUrl: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const files = await listMigrations(opts.migrationsDir);
  const client = await connect(databaseUrl, { createSchema: true });
  try {
    return await withLock(client, async () => {
      // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide.
      await client.query(CREATE_MIGRATIONS_TABLE);
      // Read only now: whoever held the lock before us may have applied everything.
      const plan = await planMigrations(files, await readApplied(client));
      const applied: string[] = [];
      for (const migration of plan.pending) {
        await applyOne(client, migration);
        applied.push(migration.name);
        log(`Applied migration ${migration.name}`);
      }
      return { applied };
    });
  } finally {
    await client.end();
  }
}

/** Applied and pending migrations without changing anything (throws like migrate() would). */
export async function migrationStatus(
  databaseUrl: string,
  opts: Pick<MigrateOptions, "migrationsDir"> = {},
): Promise<{ applied: string[]; pending: string[] }> {
  const files = await listMigrations(opts.migrationsDir);
  const plan = await planMigrations(files, await appliedMigrations(databaseUrl));
  return { applied: plan.applied, pending: plan.pending.map((m) => m.name) };
}
