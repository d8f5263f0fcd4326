import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, chownSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

// Development and test services: makes sure PostgreSQL and Redis answer at the configured URLs,
// starting local server binaries (data under .data/) when they are installed but not running.

export interface ServiceStatus {
  name: "postgres" | "redis";
  url: string;
  action: "already running" | "started" | "unavailable";
  detail?: string;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function isLocalUrl(url: string): boolean {
  return LOCAL_HOSTS.has(new URL(url).hostname);
}

export function portOf(url: string, fallback: number): number {
  const port = new URL(url).port;
  return port ? Number(port) : fallback;
}

/** True when something accepts TCP connections at host:port within the timeout. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ""), port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  if (!(await portAnswers(u.hostname, portOf(url, 6379)))) return false;
  // A port that accepts is not enough: something else could be listening there.
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname.replace(/^\[|\]$/g, ""), port: portOf(url, 6379) });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      const reply = data.toString();
      resolve(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
  });
}

function which(binary: string): string | null {
  const result = spawnSync("sh", ["-c", `command -v ${binary}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Starts a private redis-server in the background; data stays in memory only. */
export function startRedisServer(port: number, dataDir: string): { pid: number | undefined } {
  const binary = which("redis-server");
  if (!binary) throw new Error("redis-server is not installed");
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    binary,
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dataDir,
      "--daemonize",
      "no",
    ],
    { detached: true, stdio: "ignore" },
  );
  child.unref();
  return { pid: child.pid };
}

export async function ensureRedis(url: string, dataRoot: string): Promise<ServiceStatus> {
  if (await redisAnswers(url)) return { name: "redis", url, action: "already running" };
  if (!isLocalUrl(url)) {
    return {
      name: "redis",
      url,
      action: "unavailable",
      detail: `Redis at ${url} does not answer and is not on this machine.`,
    };
  }
  if (!which("redis-server")) {
    return {
      name: "redis",
      url,
      action: "unavailable",
      detail:
        "redis-server is not installed. Install it with:\n  apt-get install -y redis-server\nor point REDIS_URL at a running Redis.",
    };
  }
  const port = portOf(url, 6379);
  startRedisServer(port, path.join(dataRoot, "redis"));
  if (await waitFor(() => redisAnswers(url), 10_000))
    return { name: "redis", url, action: "started", detail: `redis-server on port ${port}` };
  return {
    name: "redis",
    url,
    action: "unavailable",
    detail: `started redis-server on port ${port} but it did not answer within 10 s`,
  };
}

export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return which("pg_ctl") ? path.dirname(which("pg_ctl")!) : null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

const runningAsRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root, so as root its tools run as the postgres user. */
export function runAsPostgres(cmd: string, args: string[]): string {
  const result = runningAsRoot()
    ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" })
    : spawnSync(cmd, args, { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${path.basename(cmd)} ${args.at(-1) ?? ""} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

/** As root, hands a directory to the postgres user (a data directory, or the folder above it). */
export function chownToPostgres(dir: string): void {
  if (!runningAsRoot()) return;
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0) throw new Error("running as root and there is no postgres user to own the data directory");
  chownSync(dir, Number(uid.stdout), Number(gid.stdout));
}

/** initdb into `dataDir` (trust auth, UTF-8) unless a cluster is already there. */
export function initCluster(binDir: string, dataDir: string): void {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dataDir, { recursive: true });
  chownToPostgres(dataDir);
  runAsPostgres(path.join(binDir, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ]);
}

/** Starts a cluster on a loopback port, its log in the data directory; waits until it accepts. */
export function startCluster(binDir: string, dataDir: string, port: number): void {
  runAsPostgres(path.join(binDir, "pg_ctl"), [
    "-D",
    dataDir,
    "-l",
    path.join(dataDir, "server.log"),
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -k /tmp`,
    "-w",
    "start",
  ]);
}

export function stopCluster(binDir: string, dataDir: string): void {
  runAsPostgres(path.join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]);
}

/** A Debian cluster already set up for this port, started the way Debian expects. */
function startDebianCluster(port: number): boolean {
  if (!which("pg_lsclusters") || !which("pg_ctlcluster")) return false;
  const list = spawnSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
  const cluster = list.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find((cols) => cols[2] === String(port));
  if (!cluster) return false;
  const [version, name] = cluster;
  const started = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version!, name!, "start"], {
    encoding: "utf8",
  });
  return started.status === 0;
}

/** The project's own cluster in .data/postgres, created on first use. */
function startProjectCluster(binDir: string, port: number, dataRoot: string): string {
  const dataDir = path.resolve(dataRoot, "postgres");
  initCluster(binDir, dataDir);
  startCluster(binDir, dataDir, port);
  return dataDir;
}

export async function postgresAnswers(url: string): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensurePostgres(url: string, dataRoot: string): Promise<ServiceStatus> {
  if (await postgresAnswers(url)) return { name: "postgres", url, action: "already running" };
  const port = portOf(url, 5432);
  if (!isLocalUrl(url)) {
    return {
      name: "postgres",
      url,
      action: "unavailable",
      detail: `PostgreSQL at ${new URL(url).host} does not answer and is not on this machine.`,
    };
  }
  if (startDebianCluster(port) && (await waitFor(() => postgresAnswers(url), 20_000))) {
    return { name: "postgres", url, action: "started", detail: `Debian cluster on port ${port}` };
  }
  const binDir = postgresBinDir();
  if (!binDir) {
    return {
      name: "postgres",
      url,
      action: "unavailable",
      detail:
        "PostgreSQL is not installed. Install it with:\n  apt-get install -y postgresql\nor point DATABASE_URL at a running server.",
    };
  }
  try {
    const dataDir = startProjectCluster(binDir, port, dataRoot);
    if (await waitFor(() => postgresAnswers(url), 20_000)) {
      return { name: "postgres", url, action: "started", detail: `project cluster in ${dataDir} on port ${port}` };
    }
    return {
      name: "postgres",
      url,
      action: "unavailable",
      detail: `started PostgreSQL in ${dataDir} but it did not answer within 20 s`,
    };
  } catch (err) {
    return { name: "postgres", url, action: "unavailable", detail: (err as Error).message };
  }
}
