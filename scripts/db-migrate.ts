// `npm run db:migrate [-- --status] [-- --database-url URL]`: applies prisma/migrations offline
// (ADR 0002). The logic lives in tools/db/migrations.ts; this file parses arguments and prints.

import { config } from "@/lib/config";
import { describeError, ensureDatabase, listMigrations, migrate, migrationStatus, redact } from "@/tools/db/migrations";

function oneLine(err: unknown): string {
  if (err && typeof err === "object" && "problems" in err && Array.isArray(err.problems)) {
    return `invalid configuration: ${err.problems.join("; ")}`;
  }
  return describeError(err).replace(/\s*\n\s*/g, " ");
}

async function status(databaseUrl: string): Promise<number> {
  let result: { applied: string[]; pending: string[] };
  try {
    result = await migrationStatus(databaseUrl);
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") throw err;
    // The database does not exist yet: everything is pending, and --status must not create it.
    result = { applied: [], pending: (await listMigrations()).map((m) => m.name) };
  }
  for (const name of result.applied) console.log(`applied  ${name}`);
  for (const name of result.pending) console.log(`pending  ${name}`);
  if (result.pending.length === 0) {
    console.log("Database is up to date");
    return 0;
  }
  console.log(`${result.pending.length} migration(s) pending: run npm run db:migrate`);
  return 1;
}

async function apply(databaseUrl: string): Promise<number> {
  if (await ensureDatabase(databaseUrl)) console.log(`Created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const { applied } = await migrate(databaseUrl, { log: (line) => console.log(line) });
  if (applied.length === 0) console.log("Database is up to date");
  return 0;
}

const USAGE = `Usage: npx tsx scripts/db-migrate.ts [--status] [--database-url URL | URL]

Applies the pending prisma/migrations/*/migration.sql in name order and records them in
_prisma_migrations exactly as \`prisma migrate deploy\` does; creates the database if missing.
  --status              list applied and pending migrations, change nothing; exit 1 when any is pending
  --database-url URL    database to use (default: DATABASE_URL via lib/config.ts)`;

function parseArgs(argv: string[]): { status: boolean; help: boolean; databaseUrl?: string } {
  const args: { status: boolean; help: boolean; databaseUrl?: string } = { status: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--status") args.status = true;
    else if (arg === "-h" || arg === "--help") args.help = true;
    else if (arg === "--database-url" || arg.startsWith("--database-url=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      // Never fall back to DATABASE_URL here: that would migrate a database nobody asked for.
      if (!value || value.startsWith("-")) throw new Error("--database-url needs a value");
      args.databaseUrl = value;
    } else if (!arg.startsWith("-") && args.databaseUrl === undefined) args.databaseUrl = arg;
    else throw new Error(`unexpected argument ${arg} (see --help)`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const databaseUrl = args.databaseUrl ?? config().DATABASE_URL;
  try {
    return args.status ? await status(databaseUrl) : await apply(databaseUrl);
  } catch (err) {
    throw new Error(`${redact(databaseUrl)}: ${oneLine(err)}`, { cause: err });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db-migrate: ${oneLine(err)}`);
    process.exit(1);
  },
);
