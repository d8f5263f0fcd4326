import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./processes";

// A private PostgreSQL cluster a test may stop and start without touching the shared server
// (the same initdb + pg_ctl steps as lib/dev/services.ts, in a throw-away directory).
// PostgreSQL refuses to run as root, so as root every command runs as the postgres user.

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:PORT/DB */
  url: string;
  port: number;
  start(): void;
  stop(): void;
  /** Stops the cluster and deletes its directory. */
  destroy(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error("no PostgreSQL binaries under /usr/lib/postgresql");
  return path.join(root, versions[0], "bin");
}

function runAs(cmd: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const result = asRoot ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(cmd)} ${args[0] ?? ""} failed: ${(result.stderr || result.stdout).trim()}`);
  return result;
}

export async function startPrivatePostgres(database = "ops_portal_private"): Promise<PrivatePostgres> {
  const bin = binDir();
  const port = await freePort();
  const root = mkdtempSync(path.join(os.tmpdir(), "e2e-pg-"));
  const dataDir = path.join(root, "data");
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout);
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
    chownSync(root, uid, gid);
  }
  runAs(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const logFile = path.join(root, "server.log");
  let running = false;
  const start = () => {
    runAs(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", logFile, "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k /tmp`, "-w", "start"]);
    running = true;
  };
  const stop = () => {
    if (!running) return;
    runAs(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    running = false;
  };
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
    port,
    start,
    stop,
    destroy() {
      try {
        stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
