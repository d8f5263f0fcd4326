// `npm run services`: PostgreSQL and Redis answer at the configured URLs, and the database exists.
import path from "node:path";
import { config } from "@/lib/config";
import { ensureDatabase } from "@/tools/db/migrations";
import { ensurePostgres, ensureRedis, type ServiceStatus } from "@/tools/dev/services";

const DATA_ROOT = path.resolve(import.meta.dirname, "..", ".data");

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function report(status: ServiceStatus): void {
  const label = status.name === "postgres" ? "PostgreSQL" : "Redis";
  console.log(
    `${label} (${redact(status.url)}): ${status.action}${status.detail ? ` — ${status.detail.split("\n")[0]}` : ""}`,
  );
}

export async function ensureServices(): Promise<void> {
  const cfg = config();
  const statuses = await Promise.all([
    ensurePostgres(cfg.DATABASE_URL, DATA_ROOT),
    ensureRedis(cfg.REDIS_URL, DATA_ROOT),
  ]);
  statuses.forEach(report);
  const missing = statuses.filter((s) => s.action === "unavailable");
  if (missing.length > 0) {
    console.error("\nCannot continue:");
    for (const s of missing) console.error(`${s.detail}\n`);
    process.exit(1);
  }
  if (await ensureDatabase(cfg.DATABASE_URL))
    console.log(`Created database ${new URL(cfg.DATABASE_URL).pathname.slice(1)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureServices().catch((err: Error) => {
    console.error(`services: ${err.message}`);
    process.exit(1);
  });
}
