// `npm run demo`: from a fresh clone to the portal with demo data at http://localhost:3000.
// Services → migrations → demo data → production build → portal + demo workload.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { config } from "@/lib/config";

const root = path.resolve(import.meta.dirname, "..");

function step(label: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed — see the output above.`);
    process.exit(result.status ?? 1);
  }
}

const cfg = config();
step("Checking PostgreSQL and Redis", "npx", ["tsx", "scripts/services.ts"]);
step("Applying migrations", "npx", ["tsx", "scripts/db-migrate.ts"]);
step("Loading demo data", "npx", ["tsx", "scripts/seed.ts"]);
step("Building the portal (production)", "npx", ["next", "build"], {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
});

const children: ChildProcess[] = [];
function launch(cmd: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  child.on("exit", (code, signal) => {
    if (!shuttingDown) {
      console.error(`${args.join(" ")} exited (${signal ?? code}); stopping the demo.`);
      shutdown(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let shuttingDown = false;
function shutdown(code = 0): void {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 6000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r))))).then(() =>
    process.exit(code),
  );
}
process.once("SIGINT", () => shutdown(0));
process.once("SIGTERM", () => shutdown(0));

// Node itself (not npx) so that the signal we send reaches the process that does the work.
launch(process.execPath, ["--import", "tsx", "scripts/demo-worker.ts"], {});
launch(process.execPath, ["--import", "tsx", "server.ts"], { NODE_ENV: "production" });
console.log(
  `\nPortal: http://localhost:${cfg.PORT}   Queues: http://localhost:${cfg.PORT}/admin/queues   (Ctrl+C stops everything)`,
);
console.log(
  "Sign in as bianca.ramos@exemplo.com.br (admin) or lucas.lima@exemplo.com.br (operator); the demo password is in .data/demo-password.",
);
