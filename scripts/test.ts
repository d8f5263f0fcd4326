// `npm test`: every layer — static checks, unit + integration (real PostgreSQL and Redis),
// and end-to-end in Chromium against the production build served by server.ts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../tools/dev/ports.ts";

const root = path.resolve(import.meta.dirname, "..");
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
/** Spec files named on the command line go to Playwright (`npm run test:e2e -- e2e/auth.spec.ts`). */
const playwrightArgs = process.argv.slice(2).filter((arg) => /\.spec\.ts$/.test(arg) || arg.startsWith("--grep"));

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(
  label: string,
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const started = Date.now();
  console.log(
    `\n▶ ${label}: ${cmd} ${args.length > 6 ? `${args.slice(0, 6).join(" ")} …(${args.length} args)` : args.join(" ")}`,
  );
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    child.on("close", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${code === 0 ? "✔" : "✖"} ${label} (${seconds} s)`);
      if (code !== 0) failures.push(label);
      resolve({ code: code ?? 1, output });
    });
  });
}

function testFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (["node_modules", ".next", ".data", "generated", "fixtures", "e2e"].includes(entry)) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.test\.tsx?$/.test(entry)) found.push(path.relative(root, full));
    }
  };
  for (const dir of ["lib", "tools", "tests", "scripts", "components"])
    if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return found.sort();
}

async function staticChecks() {
  if (existsSync(path.join(root, "scripts/lint-runbooks.ts")))
    await run("runbook lint", "npx", ["tsx", "scripts/lint-runbooks.ts"]);
  await run("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]);
  await run("eslint", "npx", ["eslint", "--max-warnings=0", "."]);
  await run("format (prettier --check)", "npx", ["prettier", "--check", "--log-level=warn", "."]);
}

async function unitAndIntegration() {
  const files = testFiles();
  const { output } = await run(
    "unit + integration tests",
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      "--test-reporter=spec",
      "--test-concurrency=2",
      "--test-timeout=120000",
      "--test-force-exit",
      ...files,
    ],
    {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
    },
  );
  // Node's spec reporter closes with "ℹ pass N" / "ℹ fail N" / "ℹ skipped N".
  const count = (name: string) => Number(output.match(new RegExp(`ℹ ${name} (\\d+)`))?.[1] ?? 0);
  tally.passed += count("pass");
  tally.failed += count("fail") + count("cancelled");
  tally.skipped += count("skipped") + count("todo");
}

// Server secrets present during the build; e2e/secrets.spec.ts checks none reached the bundles.
const BUILD_SECRETS = {
  AUTH_SECRET: `sentinel-auth-secret-${randomBytes(12).toString("hex")}`,
  SENTRY_AUTH_TOKEN: `sentinel-sentry-token-${randomBytes(12).toString("hex")}`,
  OIDC_ISSUER: "http://127.0.0.1:9/oidc",
  OIDC_CLIENT_ID: "sentinel-client",
  OIDC_CLIENT_SECRET: `sentinel-oidc-secret-${randomBytes(12).toString("hex")}`,
  METRICS_TOKEN: `sentinel-metrics-token-${randomBytes(12).toString("hex")}`,
};

async function endToEnd() {
  const build = await run("production build", "npx", ["next", "build"], {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...BUILD_SECRETS,
  });
  if (build.code !== 0) return;
  const { createTestDatabase } = await import("../tests/helpers/database.ts");
  const { deletePrefix } = await import("../tests/helpers/redis.ts");
  const database = await createTestDatabase();
  const prefix = `e2e-${randomBytes(4).toString("hex")}`;
  const reportDir = mkdtempSync(path.join(os.tmpdir(), "ops-portal-e2e-"));
  const reportFile = path.join(reportDir, "report.json");
  try {
    const env = {
      DATABASE_URL: database.url,
      QUEUE_PREFIX: prefix,
      E2E_PORT: String(await freePort()),
      PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      // Alert webhooks (e2e/incidents.spec.ts signs its deliveries with these).
      SENTRY_WEBHOOK_SECRET: `e2e-sentry-webhook-${randomBytes(8).toString("hex")}`,
      ALERTMANAGER_TOKEN: `e2e-alertmanager-${randomBytes(8).toString("hex")}`,
      E2E_SECRET_SENTINELS: JSON.stringify([
        BUILD_SECRETS.AUTH_SECRET,
        BUILD_SECRETS.SENTRY_AUTH_TOKEN,
        BUILD_SECRETS.OIDC_CLIENT_SECRET,
        BUILD_SECRETS.METRICS_TOKEN,
      ]),
    };
    if (existsSync(path.join(root, "scripts/seed.ts"))) await run("e2e seed", "npx", ["tsx", "scripts/seed.ts"], env);
    await run("end-to-end tests (Chromium)", "npx", ["playwright", "test", ...playwrightArgs], env);
    if (existsSync(reportFile)) {
      const stats = (
        JSON.parse(readFileSync(reportFile, "utf8")) as {
          stats: { expected: number; unexpected: number; flaky: number; skipped: number };
        }
      ).stats;
      tally.passed += stats.expected + stats.flaky;
      tally.failed += stats.unexpected;
      tally.skipped += stats.skipped;
    }
  } finally {
    await database.drop();
    await deletePrefix(prefix);
  }
}

const started = Date.now();
await run("services", "npx", ["tsx", "scripts/services.ts"]);
if (failures.length === 0) {
  if (!only || only === "static") await staticChecks();
  if (!only || only === "unit") await unitAndIntegration();
  if (!only || only === "e2e") await endToEnd();
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\n${failures.length ? `Failed steps: ${failures.join(", ")}` : "All steps passed"} in ${minutes} min`);
console.log(`tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(failures.length || tally.failed ? 1 : 0);
