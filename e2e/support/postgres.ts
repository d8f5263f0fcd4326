import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chownToPostgres, initCluster, postgresBinDir, startCluster, stopCluster } from "@/tools/dev/services";
import { freePort } from "./processes";

// A private PostgreSQL cluster a test may stop and start without touching the shared server:
// the same initdb + pg_ctl steps `npm run services` uses, in a throw-away directory.

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:PORT/DB */
  url: string;
  port: number;
  start(): void;
  stop(): void;
  /** Stops the cluster and deletes its directory. */
  destroy(): void;
}

export async function startPrivatePostgres(database = "ops_portal_private"): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries on this machine");
  const port = await freePort();
  const root = mkdtempSync(path.join(os.tmpdir(), "e2e-pg-"));
  // mkdtemp's folder is private to its creator; the postgres user must be able to enter it.
  chownToPostgres(root);
  const dataDir = path.join(root, "data");
  initCluster(bin, dataDir);
  let running = false;
  const start = () => {
    startCluster(bin, dataDir, port);
    running = true;
  };
  const stop = () => {
    if (!running) return;
    stopCluster(bin, dataDir);
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
