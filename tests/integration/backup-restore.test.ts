// scripts/backup.sh and scripts/restore.sh, run as the operator runs them (subprocesses), against
// throw-away databases on the shared PostgreSQL server and a temporary BACKUP_DIR.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { appliedMigrations, listMigrations } from "@/tools/db/migrations";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

const root = path.resolve(import.meta.dirname, "../..");
const BACKUP = path.join(root, "scripts/backup.sh");
const RESTORE = path.join(root, "scripts/restore.sh");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(script, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function explain(r: Run): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function serverUrl(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function databaseExists(anyUrl: string, name: string): Promise<boolean> {
  return withClient(serverUrl(anyUrl, "postgres"), async (c) => {
    const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return rowCount === 1;
  });
}

async function dropDatabase(anyUrl: string, name: string): Promise<void> {
  await withClient(serverUrl(anyUrl, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

interface TableState {
  rows: number;
  md5: string;
}

/**
 * Row count and a content checksum of every table in public (md5 of all rows as text, ordered
 * by primary key), plus every sequence's position: equal snapshots mean equal data.
 */
async function snapshot(
  url: string,
): Promise<{ tables: Record<string, TableState>; sequences: Record<string, string> }> {
  return withClient(url, async (c) => {
    const { rows: tables } = await c.query<{ name: string; pk: string[] }>(`
      SELECT c.relname AS name,
             COALESCE(array_agg(a.attname::text ORDER BY k.ord) FILTER (WHERE a.attname IS NOT NULL), '{}') AS pk
        FROM pg_class c
        LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
        LEFT JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       GROUP BY c.relname ORDER BY c.relname`);
    const result: Record<string, TableState> = {};
    for (const { name, pk } of tables) {
      const order = pk.length ? pk.map((col) => `t.${pg.escapeIdentifier(col)}`).join(", ") : "t::text";
      const { rows } = await c.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY ${order}), '')) AS md5
           FROM public.${pg.escapeIdentifier(name)} t`,
      );
      result[name] = rows[0]!;
    }
    const { rows: seqs } = await c.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY 1`,
    );
    const sequences: Record<string, string> = {};
    for (const { name } of seqs) {
      const { rows } = await c.query<{ v: string }>(
        `SELECT last_value::text || '/' || is_called::text AS v FROM public.${pg.escapeIdentifier(name)}`,
      );
      sequences[name] = rows[0]!.v;
    }
    return { tables: result, sequences };
  });
}

// Rows with the content most likely to be mangled by a dump/restore: accents, quotes,
// backslashes, newlines and tabs, NULLs, JSON, arrays, and enough volume to span many pages.
async function seed(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`
      INSERT INTO users (id, email, name, role, image, updated_at) VALUES
        ('00000000-0000-4000-8000-000000000001', 'ana@example.com', 'Ana Operação', 'operator', 'https://example.com/a.png', now()),
        ('00000000-0000-4000-8000-000000000002', 'bia@example.com', E'Bia "Aspas" O''Neil \\\\ barra', 'manager', NULL, now()),
        ('00000000-0000-4000-8000-000000000003', 'caio@example.com', E'Caio\\tTab\\nNova linha', 'admin', NULL, now());
      INSERT INTO checklist_runs (id, runbook_slug, runbook_version, cadence, period_key, required_items, completed_at, completed_by_id)
      SELECT gen_random_uuid(), '01-monitoramento-diario', md5(d::text), 'daily', to_char(d, 'YYYY-MM-DD'),
             ARRAY['filas', 'dlq', 'sentry', E'logs "aspas"'], CASE WHEN d < '2026-06-01' THEN d + interval '9 hours' END,
             CASE WHEN d < '2026-06-01' THEN '00000000-0000-4000-8000-000000000001'::uuid END
        FROM generate_series('2026-01-01'::date, '2026-11-25'::date, interval '1 day') AS d;
      INSERT INTO checklist_ticks (id, run_id, item_id, action, actor_id, note, evidence, idempotency_key)
      SELECT gen_random_uuid(), r.id, item, 'tick', '00000000-0000-4000-8000-000000000001',
             E'DLQ com 0 jobs\\nok ✓', jsonb_build_object('queue', item, 'depth', length(item), 'nested', jsonb_build_array(1, 'dois', NULL)),
             r.period_key || ':' || item
        FROM checklist_runs r CROSS JOIN unnest(r.required_items) AS item;
      INSERT INTO incidents (id, title, severity, status, source, runbook_slug, fingerprint, commander_id)
      SELECT gen_random_uuid(), 'P95 > 750 ms em /api/pagamentos #' || g, (ARRAY['P1', 'P2', 'P3'])[1 + g % 3]::"Severity",
             'open', 'sentry', '02-alerta-performance-degradada', 'fp-' || g, '00000000-0000-4000-8000-000000000002'
        FROM generate_series(1, 25) AS g;
      INSERT INTO timeline_entries (id, incident_id, kind, actor_id, body, data)
      SELECT gen_random_uuid(), i.id, 'note', '00000000-0000-4000-8000-000000000003', E'**Nota** com <b>html</b> & ''aspas''', '{"a": [1, 2]}'
        FROM incidents i;
      INSERT INTO audit_events (actor_label, action, target_type, target_id, ip, correlation_id, data)
      SELECT 'ana@example.com', 'checklist.tick', 'checklist_run', g::text, '10.0.0.' || (g % 255), md5(g::text), jsonb_build_object('g', g)
        FROM generate_series(1, 3000) AS g;`);
  });
}

async function sha256File(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}

const BACKUP_NAME = /^([A-Za-z0-9_-]+)-(\d{8})-(\d{6})$/;

function backupDirFrom(stdout: string): string {
  const match = /backup complete: (.+)$/m.exec(stdout);
  assert.ok(match, `no "backup complete" line in:\n${stdout}`);
  return match[1]!.trim();
}

describe("scripts/backup.sh and scripts/restore.sh", () => {
  let backupRoot: string;
  let source: TestDatabase;
  let sourceState: Awaited<ReturnType<typeof snapshot>>;
  let backupDir: string;
  const extraDatabases: string[] = [];

  function scratchDatabaseUrl(): string {
    const name = `ops_portal_test_restore_${randomBytes(6).toString("hex")}`;
    extraDatabases.push(name);
    return serverUrl(source.url, name);
  }

  before(async () => {
    backupRoot = await mkdtemp(path.join(os.tmpdir(), "ops-portal-backups-"));
    source = await createTestDatabase({ migrate: true });
    await seed(source.url);
    sourceState = await snapshot(source.url);
  });

  after(async () => {
    for (const name of extraDatabases) await dropDatabase(source.url, name).catch(() => {});
    await source?.drop().catch(() => {});
    if (backupRoot) await rm(backupRoot, { recursive: true, force: true });
  });

  test("backup.sh writes a custom-format dump and a manifest describing it", async () => {
    const r = run(BACKUP, ["roundtrip"], { DATABASE_URL: source.url, BACKUP_DIR: backupRoot, TZ: "America/Sao_Paulo" });
    assert.equal(r.status, 0, explain(r));
    backupDir = backupDirFrom(r.stdout);
    assert.equal(path.dirname(backupDir), backupRoot);
    assert.match(path.basename(backupDir), /^roundtrip-\d{8}-\d{6}$/);
    // Nothing half-written is left beside it.
    assert.deepEqual(await readdir(backupRoot), [path.basename(backupDir)]);

    const manifest = JSON.parse(await readFile(path.join(backupDir, "manifest.json"), "utf8"));
    const dump = path.join(backupDir, "database.dump");
    assert.equal(manifest.instance, "roundtrip");
    assert.equal(manifest.dump.file, "database.dump");
    assert.equal(manifest.dump.format, "custom");
    assert.equal(manifest.dump.sha256, await sha256File(dump));
    assert.equal(manifest.dump.size_bytes, (await stat(dump)).size);
    // The directory name is the local time (TZ) of created_at (UTC).
    const [, , day, time] = BACKUP_NAME.exec(path.basename(backupDir))!;
    const local = new Date(manifest.created_at)
      .toLocaleString("sv-SE", { timeZone: "America/Sao_Paulo" })
      .replace(/[-: ]/g, "");
    assert.equal(`${day}${time}`, local);
    // Exact row counts of every table, the migration level, the tool versions.
    assert.deepEqual(
      manifest.tables,
      Object.fromEntries(Object.entries(sourceState.tables).map(([name, s]) => [name, s.rows])),
    );
    const migrations = await listMigrations();
    assert.equal(manifest.migrations.latest, migrations.at(-1)!.name);
    assert.equal(manifest.migrations.applied_count, (await appliedMigrations(source.url)).length);
    assert.match(manifest.versions.pg_dump, /^pg_dump \(PostgreSQL\) \d+/);
    assert.match(manifest.versions.server, /^\d+/);
    assert.equal((await readFile(dump)).subarray(0, 5).toString(), "PGDMP", "custom format archive");
    // Dumps hold password hashes: only the owner may read them.
    assert.equal((await stat(dump)).mode & 0o077, 0);
    assert.match(r.stdout, /\[backup\] .*tables, \d+ rows; migrations applied: \d+/);
  });

  test("drop the database, restore.sh it: identical row counts and content per table", async () => {
    assert.ok(backupDir, "needs the backup of the previous test");
    await source.drop();
    assert.equal(await databaseExists(source.url, source.name), false);

    const r = run(RESTORE, [backupDir, source.url]);
    assert.equal(r.status, 0, explain(r));
    assert.match(r.stdout, /checksum OK/);
    assert.match(r.stdout, /created database /);
    assert.match(r.stdout, /restore complete and verified/);
    assert.deepEqual(await snapshot(source.url), sourceState);
    // The restored database carries on: the sequences continue, the history is intact.
    assert.deepEqual(
      (await appliedMigrations(source.url)).map((m) => m.name),
      (await listMigrations()).map((m) => m.name),
    );
  });

  test("a corrupted dump is refused before anything is created or restored", async () => {
    const corrupted = path.join(backupRoot, "corrupted", path.basename(backupDir));
    await cp(backupDir, corrupted, { recursive: true });
    const dump = path.join(corrupted, "database.dump");
    const bytes = await readFile(dump);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(dump, bytes);

    const target = scratchDatabaseUrl();
    const r = run(RESTORE, [corrupted, target]);
    assert.equal(r.status, 3, explain(r));
    assert.match(r.stderr, /checksum mismatch/);
    assert.match(r.stderr, /nothing was changed/);
    assert.doesNotMatch(r.stdout, /pg_restore/);
    assert.equal(await databaseExists(target, new URL(target).pathname.slice(1)), false);

    // Even with --force, into the database restored above: untouched.
    const forced = run(RESTORE, [corrupted, source.url, "--force"]);
    assert.equal(forced.status, 3, explain(forced));
    assert.deepEqual(await snapshot(source.url), sourceState);
  });

  test("a backup without manifest is refused", async () => {
    const bare = path.join(backupRoot, "bare", path.basename(backupDir));
    await cp(backupDir, bare, { recursive: true });
    await unlink(path.join(bare, "manifest.json"));
    const target = scratchDatabaseUrl();
    const r = run(RESTORE, [bare, target]);
    assert.equal(r.status, 3, explain(r));
    assert.match(r.stderr, /manifest\.json not found/);
    assert.equal(await databaseExists(target, new URL(target).pathname.slice(1)), false);
  });

  test("a non-empty target is refused without --force and replaced with it", async () => {
    const target = await createTestDatabase({ migrate: true });
    extraDatabases.push(target.name);
    await withClient(target.url, async (c) => {
      await c.query(
        `INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), 'other@example.com', 'Outro', now())`,
      );
      await c.query(`CREATE TABLE leftover (id int PRIMARY KEY)`);
    });
    const before = await snapshot(target.url);

    const refused = run(RESTORE, [backupDir, target.url]);
    assert.equal(refused.status, 4, explain(refused));
    assert.match(refused.stderr, /is not empty/);
    // The listing names the first tables alphabetically and counts the rest.
    assert.match(refused.stderr, /table accounts/);
    assert.match(refused.stderr, /\.\.\. and \d+ more/);
    assert.match(refused.stderr, /--force/);
    assert.deepEqual(await snapshot(target.url), before, "nothing changed");

    const forced = run(RESTORE, [backupDir, target.url, "--force"]);
    assert.equal(forced.status, 0, explain(forced));
    assert.match(forced.stdout, /--force: dropping and recreating schema public/);
    // Exactly the backup: the extra row and the extra table are gone.
    assert.deepEqual(await snapshot(target.url), sourceState);
  });

  test("restore.sh exits non-zero listing every table whose row count differs from the manifest", async () => {
    const edited = path.join(backupRoot, "edited", path.basename(backupDir));
    await cp(backupDir, edited, { recursive: true });
    const manifestPath = path.join(edited, "manifest.json");
    const manifest = await readFile(manifestPath, "utf8");
    const users = sourceState.tables.users!.rows;
    await writeFile(manifestPath, manifest.replace(/("users": )\d+/, `$1${users + 1}`));

    const r = run(RESTORE, [edited, scratchDatabaseUrl()]);
    assert.equal(r.status, 5, explain(r));
    assert.match(r.stderr, new RegExp(`users: manifest ${users + 1}, restored ${users}`));
    assert.match(r.stderr, /1 of \d+ tables differ from the manifest/);
  });

  test("--keep N keeps the newest N complete backups of that instance only", async () => {
    const dir = path.join(backupRoot, "retention");
    await mkdir(dir);
    const fake = async (name: string, createdAt: string | null) => {
      await mkdir(path.join(dir, name));
      if (createdAt) await writeFile(path.join(dir, name, "manifest.json"), `{\n    "created_at": "${createdAt}"\n}\n`);
    };
    await fake("ret-20200101-000000", "2020-01-01T00:00:00Z");
    await fake("ret-20200102-000000", "2020-01-02T00:00:00Z");
    await fake("ret-20200103-000000", null); // incomplete: never counted, never deleted
    await fake("ret-other-20200101-000000", "2020-01-01T00:00:00Z"); // another instance
    await fake("retx-20200101-000000", "2020-01-01T00:00:00Z"); // another instance

    const env = { DATABASE_URL: source.url, BACKUP_DIR: dir };
    const first = run(BACKUP, ["ret", "--keep", "2"], env);
    assert.equal(first.status, 0, explain(first));
    const newest = path.basename(backupDirFrom(first.stdout));
    assert.match(first.stdout, /retention: deleted .*ret-20200101-000000/);
    assert.deepEqual(
      (await readdir(dir)).sort(),
      [
        "ret-20200102-000000",
        "ret-20200103-000000",
        "ret-other-20200101-000000",
        newest,
        "retx-20200101-000000",
      ].sort(),
    );

    const second = run(BACKUP, ["ret", "--keep=1"], env);
    assert.equal(second.status, 0, explain(second));
    const newer = path.basename(backupDirFrom(second.stdout));
    assert.notEqual(newer, newest);
    assert.deepEqual(
      (await readdir(dir)).sort(),
      ["ret-20200103-000000", "ret-other-20200101-000000", newer, "retx-20200101-000000"].sort(),
    );
  });

  test("bad arguments get the usage and exit 2; a failed backup leaves nothing behind", async () => {
    const env = { DATABASE_URL: source.url, BACKUP_DIR: path.join(backupRoot, "args") };
    for (const args of [
      [],
      ["../evil"],
      ["a b"],
      ["ok", "--keep", "0"],
      ["ok", "--keep", "x"],
      ["ok", "--keep"],
      ["ok", "extra"],
      ["ok", "--bogus"],
    ]) {
      const r = run(BACKUP, args, env);
      assert.equal(r.status, 2, `backup.sh ${args.join(" ")}: ${explain(r)}`);
      assert.match(r.stderr, /Usage: scripts\/backup\.sh <instance> \[--keep N\]/);
    }
    for (const args of [
      [],
      [path.join(backupRoot, "missing-dir")],
      [backupDir, source.url, "extra"],
      [backupDir, "--bogus"],
    ]) {
      const r = run(RESTORE, args);
      assert.equal(r.status, 2, `restore.sh ${args.join(" ")}: ${explain(r)}`);
      assert.match(r.stderr, /Usage: scripts\/restore\.sh <backup-dir> \[target-url\] \[--force\]/);
    }

    const missing = serverUrl(source.url, `ops_portal_test_missing_${randomBytes(6).toString("hex")}`);
    const failed = run(BACKUP, ["failing"], { DATABASE_URL: missing, BACKUP_DIR: path.join(backupRoot, "failed") });
    assert.equal(failed.status, 1, explain(failed));
    assert.match(failed.stderr, /ERROR: cannot connect to the database/);
    assert.deepEqual(await readdir(path.join(backupRoot, "failed")), []);
  });
});
