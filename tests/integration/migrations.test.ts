// The offline migration runner against a real PostgreSQL (ADR 0002). Every test works in its
// own throwaway database; the server is shared.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import {
  DEFAULT_MIGRATIONS_DIR,
  appliedMigrations,
  ensureDatabase,
  listMigrations,
  maintenanceUrl,
  migrate,
  migrationStatus,
} from "@/tools/db/migrations";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  cleanups.push(db.drop);
  return db;
}

/** A private copy of prisma/migrations that a test may edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ops-portal-migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("listMigrations", () => {
  test("lists the project's migrations in name order with checksums and down files", async () => {
    const migrations = await listMigrations();
    assert.ok(migrations.length >= 1);
    const names = migrations.map((m) => m.name);
    assert.deepEqual(names, [...names].sort());
    for (const m of migrations) {
      assert.match(m.name, /^\d{14}_\w+$/);
      assert.equal(m.checksum, sha256(await readFile(m.sqlPath)));
      assert.ok(m.downPath, `${m.name} has no down.sql`);
    }
  });

  test("skips folders without a migration.sql, as Prisma does", async () => {
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "20990101000000_work_in_progress"));
    const names = (await listMigrations(dir)).map((m) => m.name);
    assert.ok(!names.includes("20990101000000_work_in_progress"));
  });
});

describe("migrate", () => {
  test("applies every migration and records it the way Prisma does", async () => {
    const db = await freshDatabase();
    const expected = await listMigrations();
    const lines: string[] = [];

    const result = await migrate(db.url, { log: (l) => lines.push(l) });

    assert.deepEqual(
      result.applied,
      expected.map((m) => m.name),
    );
    assert.equal(lines.length, expected.length);
    const rows = await query<{
      id: string;
      checksum: string;
      finished_at: Date | null;
      migration_name: string;
      logs: string | null;
      rolled_back_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
    }>(db.url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    assert.equal(rows.length, expected.length);
    for (const [i, row] of rows.entries()) {
      const file = expected[i]!;
      assert.equal(row.migration_name, file.name);
      assert.equal(row.checksum, sha256(await readFile(file.sqlPath)));
      assert.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(row.finished_at instanceof Date);
      assert.ok(row.finished_at >= row.started_at);
      assert.equal(row.rolled_back_at, null);
      assert.equal(row.logs, null);
      assert.equal(row.applied_steps_count, 1);
    }

    const applied = await appliedMigrations(db.url);
    assert.deepEqual(
      applied.map((a) => [a.name, a.checksum, a.rolledBackAt]),
      expected.map((m) => [m.name, m.checksum, null]),
    );
    assert.ok(applied.every((a) => a.finishedAt instanceof Date));
  });

  test("creates _prisma_migrations with Prisma's column layout", async () => {
    const db = await freshDatabase();
    await migrate(db.url);
    const columns = await query<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      len: number | null;
      column_default: string | null;
    }>(
      db.url,
      `SELECT column_name, data_type, is_nullable, character_maximum_length AS len, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    assert.deepEqual(
      columns.map((c) => [c.column_name, c.data_type, c.is_nullable, c.len, c.column_default]),
      [
        ["id", "character varying", "NO", 36, null],
        ["checksum", "character varying", "NO", 64, null],
        ["finished_at", "timestamp with time zone", "YES", null, null],
        ["migration_name", "character varying", "NO", 255, null],
        ["logs", "text", "YES", null, null],
        ["rolled_back_at", "timestamp with time zone", "YES", null, null],
        ["started_at", "timestamp with time zone", "NO", null, "now()"],
        ["applied_steps_count", "integer", "NO", null, "0"],
      ],
    );
  });

  test("a second run applies nothing and records nothing", async () => {
    const db = await freshDatabase();
    await migrate(db.url);
    const before = await query(db.url, `SELECT id FROM "_prisma_migrations" ORDER BY id`);

    assert.deepEqual(await migrate(db.url), { applied: [] });
    assert.deepEqual(await query(db.url, `SELECT id FROM "_prisma_migrations" ORDER BY id`), before);
    assert.deepEqual((await migrationStatus(db.url)).pending, []);
  });

  test("applies only the migrations added since the last run", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate(db.url, { migrationsDir: dir });
    await mkdir(path.join(dir, "20990101000000_add_widgets"));
    await writeFile(
      path.join(dir, "20990101000000_add_widgets", "migration.sql"),
      `CREATE TABLE "widgets" ("id" INTEGER NOT NULL);\n`,
    );

    assert.deepEqual(await migrationStatus(db.url, { migrationsDir: dir }).then((s) => s.pending), [
      "20990101000000_add_widgets",
    ]);
    assert.deepEqual(await migrate(db.url, { migrationsDir: dir }), { applied: ["20990101000000_add_widgets"] });
    assert.equal((await query(db.url, `SELECT to_regclass('widgets') IS NOT NULL AS ok`))[0]?.ok, true);
  });

  test("refuses to run when an applied migration was edited afterwards", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate(db.url, { migrationsDir: dir });
    const [first] = await listMigrations(dir);
    await writeFile(first!.sqlPath, `${await readFile(first!.sqlPath, "utf8")}\n-- edited after it was applied\n`);

    await assert.rejects(migrate(db.url, { migrationsDir: dir }), {
      name: "MigrationError",
      message: new RegExp(`migration ${first!.name} was modified after it was applied`),
    });
    await assert.rejects(migrationStatus(db.url, { migrationsDir: dir }), /was modified after it was applied/);
  });

  test("accepts an applied migration whose line endings git converted, as Prisma does", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate(db.url, { migrationsDir: dir });
    const [first] = await listMigrations(dir);
    await writeFile(first!.sqlPath, (await readFile(first!.sqlPath, "utf8")).replace(/\n/g, "\r\n"));

    assert.deepEqual(await migrate(db.url, { migrationsDir: dir }), { applied: [] });
  });

  test("refuses to run while a failed migration is recorded", async () => {
    const db = await freshDatabase();
    await migrate(db.url);
    await query(
      db.url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, '20990101000000_half_done', now())`,
      [randomUUID(), "0".repeat(64)],
    );

    await assert.rejects(migrate(db.url), {
      name: "MigrationError",
      message: /20990101000000_half_done failed or is still running/,
    });
  });

  test("refuses when the database has a migration this checkout does not know", async () => {
    const db = await freshDatabase();
    await migrate(db.url);
    await query(
      db.url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, '20990101000000_from_the_future', now(), now(), 1)`,
      [randomUUID(), "0".repeat(64)],
    );

    await assert.rejects(migrate(db.url), /20990101000000_from_the_future is applied to the database but missing/);
  });

  test("rolls a failing migration back completely, records it rolled back, and retries it later", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    const broken = path.join(dir, "20990101000000_broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "half" ("id" INTEGER);\nSELECT 1 / 0;\n`);

    await assert.rejects(migrate(db.url, { migrationsDir: dir }), {
      name: "MigrationError",
      message: /20990101000000_broken failed and was rolled back: division by zero/,
    });
    assert.equal((await query(db.url, `SELECT to_regclass('half') IS NULL AS gone`))[0]?.gone, true);
    // The migrations before it stay applied.
    const rows = await appliedMigrations(db.url);
    const failed = rows.filter((r) => r.name === "20990101000000_broken");
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.finishedAt, null);
    assert.ok(failed[0]!.rolledBackAt instanceof Date);
    assert.equal(
      (await query(db.url, `SELECT logs FROM "_prisma_migrations" WHERE migration_name = '20990101000000_broken'`))[0]
        ?.logs,
      "division by zero",
    );
    assert.ok(rows.some((r) => r.name.endsWith("_init") && r.finishedAt));

    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "half" ("id" INTEGER);\n`);
    assert.deepEqual(await migrate(db.url, { migrationsDir: dir }), { applied: ["20990101000000_broken"] });
  });

  test("concurrent runs apply each migration exactly once", async () => {
    const db = await freshDatabase();
    const expected = (await listMigrations()).map((m) => m.name);

    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(db.url)));

    assert.deepEqual(results.flatMap((r) => r.applied).sort(), expected);
    const rows = await query<{ migration_name: string; n: string }>(
      db.url,
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
    );
    assert.deepEqual(
      rows.map((r) => [r.migration_name, Number(r.n)]),
      expected.map((n) => [n, 1]),
    );
  });

  test("down.sql reverts migration.sql completely", async () => {
    const db = await freshDatabase();
    const snapshot = () =>
      query<{ kind: string; name: string }>(
        db.url,
        `SELECT 'table' AS kind, tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
         UNION ALL SELECT 'type', typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'
         UNION ALL SELECT 'sequence', sequencename FROM pg_sequences WHERE schemaname = 'public'
         ORDER BY 1, 2`,
      );
    await migrate(db.url);
    assert.ok((await snapshot()).length > 0);
    for (const m of (await listMigrations()).reverse()) await query(db.url, await readFile(m.downPath!, "utf8"));
    assert.deepEqual(await snapshot(), []);
  });
});

describe("ensureDatabase", () => {
  test("creates a missing database once and reports whether it did", async () => {
    const db = await createTestDatabase({ migrate: false });
    await db.drop();
    cleanups.push(db.drop);

    assert.equal(await ensureDatabase(db.url), true);
    assert.equal(await ensureDatabase(db.url), false);
    const rows = await query(maintenanceUrl(db.url), `SELECT 1 FROM pg_database WHERE datname = $1`, [db.name]);
    assert.equal(rows.length, 1);
  });

  test("concurrent calls all succeed", async () => {
    const db = await createTestDatabase({ migrate: false });
    await db.drop();
    cleanups.push(db.drop);

    const created = await Promise.all(Array.from({ length: 4 }, () => ensureDatabase(db.url)));
    assert.ok(created.filter(Boolean).length <= 1);
    assert.equal(
      (await query(maintenanceUrl(db.url), `SELECT 1 FROM pg_database WHERE datname = $1`, [db.name])).length,
      1,
    );
  });
});

describe("scripts/db-migrate.ts", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts", ...args], { cwd: root, encoding: "utf8" });

  test("creates the database, applies, then reports up to date", async () => {
    const db = await createTestDatabase({ migrate: false });
    await db.drop();
    cleanups.push(db.drop);
    const names = (await listMigrations()).map((m) => m.name);

    const status = run("--status", db.url);
    assert.equal(status.status, 1, status.stderr);
    assert.deepEqual(
      status.stdout.trim().split("\n").slice(0, names.length),
      names.map((n) => `pending  ${n}`),
    );

    const first = run(db.url);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^Created database ${db.name}$`, "m"));
    for (const n of names) assert.match(first.stdout, new RegExp(`^Applied migration ${n}$`, "m"));

    const second = run(db.url);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout.trim(), "Database is up to date");

    const after = run("--status", db.url);
    assert.equal(after.status, 0, after.stderr);
    assert.match(after.stdout, /Database is up to date/);
  });

  test("a --database-url without a value is an error, not a fall-back to DATABASE_URL", () => {
    const result = run("--database-url");
    assert.equal(result.status, 1);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr.trim(), "db-migrate: --database-url needs a value");
  });

  test("prints a one-line reason and exits non-zero on errors", () => {
    const name = `ops_portal_test_${randomBytes(6).toString("hex")}`;
    const result = run("--database-url", `postgresql://postgres@127.0.0.1:1/${name}`);
    assert.notEqual(result.status, 0);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^db-migrate: .*ECONNREFUSED/);
  });
});
