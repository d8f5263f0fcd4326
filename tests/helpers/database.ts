// Throwaway databases for integration tests. The PostgreSQL server is shared (other developers,
// other test runs), so every test gets its own uniquely named database and drops it afterwards.

import { randomBytes } from "node:crypto";
import pg from "pg";
import { config } from "@/lib/config";
import { ensureDatabase, maintenanceUrl, migrate, quoteIdent } from "@/tools/db/migrations";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply prisma/migrations (default true). */
  migrate?: boolean;
  migrationsDir?: string;
  /** Server to use; defaults to the server of config().DATABASE_URL. */
  serverUrl?: string;
}

export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `ops_portal_test_${randomBytes(6).toString("hex")}`;
  const url = new URL(opts.serverUrl ?? config().DATABASE_URL);
  url.pathname = `/${name}`;
  url.searchParams.delete("schema");
  const databaseUrl = url.toString();

  await ensureDatabase(databaseUrl);
  const drop = async () => {
    const admin = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) });
    admin.on("error", () => {});
    await admin.connect();
    try {
      // FORCE: a test that forgot to close a pool must not leave the database behind.
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };

  if (opts.migrate ?? true) {
    try {
      await migrate(databaseUrl, { migrationsDir: opts.migrationsDir });
    } catch (err) {
      await drop().catch(() => {});
      throw err;
    }
  }
  return { url: databaseUrl, name, drop };
}
