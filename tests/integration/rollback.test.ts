// scripts/rollback.ts run as the operator runs it (a subprocess), against throw-away databases on
// the shared PostgreSQL server: migrate → roll back → migrate again must give the same schema,
// and every refusal must leave the database exactly as it was.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { appliedMigrations, listMigrations, migrate } from "@/tools/db/migrations";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

const root = path.resolve(import.meta.dirname, "../..");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function rollback(args: string[]): Run {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/rollback.ts", ...args], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function explain(r: Run): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface Catalog {
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
  sequences: string[];
}

/** Tables, columns and types, indexes, constraints, enums and sequences of the public schema.
 * Columns are compared by name, not position: a down.sql that re-adds a dropped column cannot
 * restore where it stood, and the position means nothing to the application. */
async function catalog(url: string): Promise<Catalog> {
  const lines = async (sql: string) => (await query<{ line: string }>(url, sql)).map((r) => r.line);
  return {
    columns: await lines(`
      SELECT format('%s.%s %s %s default %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                    CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, pg_get_expr(d.adbin, d.adrelid)) AS line
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY c.relname, a.attname`),
    indexes: await lines(`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
    constraints: await lines(`
      SELECT format('%s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS line
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conrelid::regclass::text, conname`),
    enums: await lines(`
      SELECT format('%s (%s)', t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)) AS line
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY t.typname`),
    sequences: await lines(
      `SELECT relname AS line FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY 1`,
    ),
  };
}

async function history(url: string): Promise<string[]> {
  return (await appliedMigrations(url)).map(
    (m) => `${m.name} ${m.finishedAt ? "finished" : "-"} ${m.rolledBackAt ? "rolled-back" : "-"}`,
  );
}

/** The database and its history, for "nothing changed" assertions. */
async function state(url: string) {
  return { catalog: await catalog(url), history: await history(url) };
}

describe("scripts/rollback.ts", () => {
  const databases: TestDatabase[] = [];
  const tempDirs: string[] = [];
  let migrations: Awaited<ReturnType<typeof listMigrations>>;

  async function database(opts: { migrationsDir?: string; migrate?: boolean } = {}): Promise<TestDatabase> {
    const db = await createTestDatabase({ migrate: opts.migrate ?? true, migrationsDir: opts.migrationsDir });
    databases.push(db);
    return db;
  }

  /** A copy of prisma/migrations (optionally only the first `count` migrations) to modify freely. */
  async function migrationsCopy(count = migrations.length): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ops-portal-migrations-"));
    tempDirs.push(dir);
    for (const m of migrations.slice(0, count))
      await cp(path.dirname(m.sqlPath), path.join(dir, m.name), { recursive: true });
    return dir;
  }

  async function addMigration(dir: string, name: string, up: string, down: string | null): Promise<void> {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), up);
    if (down !== null) await writeFile(path.join(dir, name, "down.sql"), down);
  }

  before(async () => {
    migrations = await listMigrations();
    assert.ok(migrations.length > 0, "prisma/migrations has migrations");
  });

  after(async () => {
    for (const db of databases) await db.drop().catch(() => {});
    for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
  });

  test("every migration has a down.sql", () => {
    assert.deepEqual(
      migrations.filter((m) => !m.downPath).map((m) => m.name),
      [],
    );
  });

  test("--steps 1 reverts the newest migration; migrating again gives the identical schema", async () => {
    const db = await database();
    const migrated = await state(db.url);
    const last = migrations.at(-1)!;
    // What the schema must look like without the newest migration: a database that never had it.
    const reference = await database({ migrationsDir: await migrationsCopy(migrations.length - 1) });

    const r = rollback(["--steps", "1", "--database-url", db.url]);
    assert.equal(r.status, 0, explain(r));
    assert.match(r.stdout, new RegExp(`Reverted ${last.name}`));
    assert.match(r.stdout, /Rolled back 1 migration\(s\)/);
    assert.deepEqual(await catalog(db.url), await catalog(reference.url));
    // The row is gone (not stamped rolled_back_at), so migrate applies the migration again.
    assert.deepEqual(await history(db.url), migrated.history.slice(0, -1));

    const again = await migrate(db.url);
    assert.deepEqual(again.applied, [last.name]);
    assert.deepEqual(await state(db.url), migrated);
  });

  test("reverting every migration leaves an empty schema; migrating again restores it", async () => {
    const db = await database();
    const migrated = await state(db.url);

    const r = rollback(["--steps", String(migrations.length), "--database-url", db.url]);
    assert.equal(r.status, 0, explain(r));
    const empty = await catalog(db.url);
    assert.deepEqual(empty.enums, []);
    assert.deepEqual(empty.sequences, []);
    assert.deepEqual([...new Set(empty.columns.map((c) => c.split(".")[0]))], ["_prisma_migrations"]);
    assert.deepEqual(await history(db.url), []);
    assert.match(r.stdout, /Migration level now: \(none\) \(0 applied\)/);

    await migrate(db.url);
    assert.deepEqual(await state(db.url), migrated);
  });

  test("--dry-run prints the SQL that would run and changes nothing", async () => {
    const db = await database();
    const before = await state(db.url);
    const last = migrations.at(-1)!;

    const r = rollback(["--dry-run", "--database-url", db.url]);
    assert.equal(r.status, 0, explain(r));
    assert.match(r.stdout, /DRY RUN .* nothing was changed/);
    assert.match(r.stdout, /^BEGIN;$/m);
    assert.ok(r.stdout.includes((await readFile(last.downPath!, "utf8")).trimEnd()), "prints the down.sql");
    assert.ok(r.stdout.includes(`DELETE FROM "_prisma_migrations" WHERE migration_name IN ('${last.name}')`));
    assert.match(r.stdout, /^COMMIT;$/m);
    assert.deepEqual(await state(db.url), before);
  });

  test("a missing down.sql is refused and nothing changes", async () => {
    const dir = await migrationsCopy();
    await addMigration(
      dir,
      "99990101000000_probe_without_down",
      `CREATE TABLE "rollback_probe" ("id" INTEGER PRIMARY KEY);\n`,
      null,
    );
    const db = await database({ migrationsDir: dir });
    const before = await state(db.url);
    assert.ok(before.catalog.columns.some((c) => c.startsWith("rollback_probe.")));

    for (const steps of ["1", "2"]) {
      const r = rollback(["--steps", steps, "--migrations-dir", dir, "--database-url", db.url]);
      assert.equal(r.status, 1, explain(r));
      assert.match(r.stderr, /refusing to roll back; nothing was changed/);
      assert.match(r.stderr, /99990101000000_probe_without_down: no down\.sql/);
      assert.deepEqual(await state(db.url), before);
    }
    // The dry run refuses the same way.
    const dry = rollback(["--dry-run", "--migrations-dir", dir, "--database-url", db.url]);
    assert.equal(dry.status, 1, explain(dry));
    assert.match(dry.stderr, /no down\.sql/);
  });

  test("more steps than applied migrations are refused and nothing changes", async () => {
    const db = await database();
    const before = await state(db.url);
    const r = rollback(["--steps", String(migrations.length + 1), "--database-url", db.url]);
    assert.equal(r.status, 1, explain(r));
    assert.match(
      r.stderr,
      new RegExp(`cannot revert ${migrations.length + 1} migration\\(s\\): only ${migrations.length} applied`),
    );
    assert.deepEqual(await state(db.url), before);
  });

  test("a down.sql failing half-way rolls back the whole transaction", async () => {
    const dir = await migrationsCopy();
    // The newest real migration's down.sql now fails after having dropped things...
    await appendFile(path.join(dir, migrations.at(-1)!.name, "down.sql"), "\nSELECT 1 / 0;\n");
    // ...after a first down.sql that succeeded.
    await addMigration(
      dir,
      "99990101000000_probe",
      `CREATE TABLE "rollback_probe" ("id" INTEGER PRIMARY KEY);\n`,
      `DROP TABLE "rollback_probe";\n`,
    );
    const db = await database({ migrationsDir: dir });
    await query(db.url, `INSERT INTO "rollback_probe" VALUES (1), (2)`);
    const before = await state(db.url);

    const r = rollback(["--steps", "2", "--migrations-dir", dir, "--database-url", db.url]);
    assert.equal(r.status, 1, explain(r));
    assert.match(r.stderr, /division by zero/);
    assert.match(r.stderr, /nothing was changed/);
    assert.deepEqual(await state(db.url), before);
    assert.deepEqual(await query(db.url, `SELECT id FROM "rollback_probe" ORDER BY id`), [{ id: 1 }, { id: 2 }]);
  });

  test("a migration.sql changed since it was applied is refused", async () => {
    const dir = await migrationsCopy();
    await addMigration(
      dir,
      "99990101000000_probe",
      `CREATE TABLE "rollback_probe" ("id" INTEGER PRIMARY KEY);\n`,
      `DROP TABLE "rollback_probe";\n`,
    );
    const db = await database({ migrationsDir: dir });
    await appendFile(
      path.join(dir, "99990101000000_probe", "migration.sql"),
      `CREATE INDEX "probe_idx" ON "rollback_probe" ("id");\n`,
    );
    const before = await state(db.url);

    const r = rollback(["--migrations-dir", dir, "--database-url", db.url]);
    assert.equal(r.status, 1, explain(r));
    assert.match(r.stderr, /99990101000000_probe: migration\.sql changed since it was applied/);
    assert.deepEqual(await state(db.url), before);
  });

  test("bad arguments get the usage and exit 2", () => {
    for (const args of [["--steps", "0"], ["--steps", "x"], ["--steps"], ["--bogus"]]) {
      const r = rollback(args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${explain(r)}`);
      assert.match(r.stderr, /Usage: npx tsx scripts\/rollback\.ts \[--steps N\] \[--dry-run\]/);
    }
  });
});
