// `npx tsx scripts/rollback.ts [--steps N] [--dry-run] [--database-url URL] [--migrations-dir DIR]`
// Reverts the last N applied migrations with their down.sql, in one transaction. The logic and
// the reasons behind it are in tools/db/rollback.ts; this file only parses arguments and prints.

import { config } from "@/lib/config";
import { describeError, redact } from "@/tools/db/migrations";
import { rollback } from "@/tools/db/rollback";

const USAGE = `Usage: npx tsx scripts/rollback.ts [--steps N] [--dry-run] [--database-url URL] [--migrations-dir DIR]

Reverts the last N applied migrations (default 1), newest first, by running the down.sql kept
beside each migration.sql, and deletes their rows from _prisma_migrations so that
\`prisma migrate deploy\` (or npm run db:migrate) applies them again. Everything runs in ONE
transaction: on any error nothing is changed.

Refuses, changing nothing, when N exceeds the applied migrations, when a needed down.sql is
missing, or when a migration.sql differs from the one that was applied.

  --steps N             how many migrations to revert (default 1)
  --dry-run             print the SQL that would run, change nothing
  --database-url URL    database to change (default: DATABASE_URL from the environment,
                        postgresql://postgres@127.0.0.1:5432/ops_portal when unset)
  --migrations-dir DIR  migrations folder (default prisma/migrations)
  -h, --help            show this help

Exit status: 0 done, 1 refused or failed (nothing changed), 2 bad arguments.`;

class UsageError extends Error {}

interface Args {
  steps: number;
  dryRun: boolean;
  databaseUrl?: string;
  migrationsDir?: string;
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { steps: 1, dryRun: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        args.help = true;
        break;
      case "--dry-run":
        args.dryRun = true;
        break;
      case "--steps": {
        const v = value();
        if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--steps must be a whole number >= 1 (got "${v}")`);
        args.steps = Number(v);
        break;
      }
      case "--database-url":
        args.databaseUrl = value();
        break;
      case "--migrations-dir":
        args.migrationsDir = value();
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`rollback: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const databaseUrl = args.databaseUrl ?? config().DATABASE_URL;

  const result = await rollback(databaseUrl, {
    steps: args.steps,
    dryRun: args.dryRun,
    migrationsDir: args.migrationsDir,
    log: (line) => console.log(line),
  });
  if (result.dryRun) {
    // Comments only, so the whole output stays a script psql can run.
    console.log(`-- DRY RUN on ${redact(databaseUrl)}: nothing was changed.`);
    console.log(`-- Would revert ${result.reverted.length} migration(s), newest first: ${result.reverted.join(", ")}`);
    console.log(`-- Migration level afterwards: ${result.remaining.at(-1) ?? "(none)"}`);
    console.log("");
    process.stdout.write(result.sql);
    return 0;
  }
  console.log(
    `Rolled back ${result.reverted.length} migration(s) on ${redact(databaseUrl)}: ${result.reverted.join(", ")}`,
  );
  console.log(`Migration level now: ${result.remaining.at(-1) ?? "(none)"} (${result.remaining.length} applied)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`rollback: ${describeError(err)}`);
    process.exit(1);
  },
);
