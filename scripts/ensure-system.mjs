// Installs the Debian packages the project needs and the machine lacks, so `npm test` and
// `npm run demo` work on a fresh machine without a manual step. Plain Node: it runs before
// anything is installed.
//   node scripts/ensure-system.mjs test      Chromium (e2e), shellcheck, redis-server, the
//                                            PostgreSQL binaries, Prometheus (with promtool) and
//                                            Alertmanager (tests start private servers)
//   node scripts/ensure-system.mjs services  PostgreSQL / Redis, only when the configured one does
//                                            not answer and its server is not installed either
// Without root or apt-get it installs nothing and says what is missing.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";

const purpose = process.argv[2];
if (purpose !== "test" && purpose !== "services") {
  console.error("usage: node scripts/ensure-system.mjs test|services");
  process.exit(2);
}

const onPath = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
// Debian puts the PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin, off the PATH.
const postgresServer = () =>
  existsSync("/usr/lib/postgresql") &&
  readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

function answers(url, fallbackPort) {
  return new Promise((resolve) => {
    let host = "127.0.0.1";
    let port = fallbackPort;
    try {
      const parsed = new URL(url);
      host = parsed.hostname || host;
      port = Number(parsed.port) || fallbackPort;
    } catch {
      // an invalid URL is config's to report; here it only means "not answering"
    }
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
  });
}

const needed = [];
if (purpose === "test") {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) needed.push("chromium");
  if (!onPath("shellcheck")) needed.push("shellcheck");
  if (!onPath("redis-server")) needed.push("redis-server");
  if (!onPath("pg_dump") || !postgresServer()) needed.push("postgresql");
  // promtool checks the shipped alert rules; the alerting e2e runs both servers privately.
  if (!onPath("prometheus") || !onPath("promtool")) needed.push("prometheus");
  if (!onPath("prometheus-alertmanager")) needed.push("prometheus-alertmanager");
} else {
  const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ops_portal";
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (!(await answers(databaseUrl, 5432)) && !postgresServer()) needed.push("postgresql");
  if (!(await answers(redisUrl, 6379)) && !onPath("redis-server")) needed.push("redis-server");
}

if (needed.length === 0) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !onPath("apt-get")) {
  console.error(
    `Missing system packages: ${needed.join(", ")}.\nInstall them (e.g. \`sudo apt-get install -y ${needed.join(" ")}\`) and run the command again.`,
  );
  process.exit(1);
}

console.log(`Installing system packages: ${needed.join(", ")}...`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [
  ["update", "-qq"],
  ["install", "-y", "-qq", ...needed],
]) {
  const result = spawnSync("apt-get", args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`ensure-system: \`apt-get ${args.join(" ")}\` failed`);
    process.exit(result.status ?? 1);
  }
}
