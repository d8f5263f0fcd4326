// `npm run bench`: figures, not pass/fail. Each suite runs against the production build with
// its own throw-away database and Redis prefix, and prints its table.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createTestDatabase } from "../tests/helpers/database.ts";
import { deletePrefix, uniquePrefix } from "../tests/helpers/redis.ts";
import { measure, printTable, type LatencyFigures } from "../bench/http.ts";
import { startBenchPortal } from "../bench/portal.ts";
import { benchSession } from "../bench/session.ts";
import { runbookPageBench } from "../bench/runbook-page.ts";
import { checklistBench } from "../bench/checklists.ts";
import { incidentBench } from "../bench/incidents.ts";
import { loadBench } from "../bench/load.ts";
import { queueBench } from "../bench/queues.ts";
import { jobSearchBench } from "../bench/job-search.ts";

const root = path.resolve(import.meta.dirname, "..");
/** `npm run bench -- --only load` runs one suite (foundation, runbook, checklists, incidents, load, queues, search). */
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const wanted = (suite: string) => !only || only === suite;

if (!existsSync(path.join(root, ".next", "BUILD_ID")) || process.argv.includes("--build")) {
  console.log("Building the portal (production)...");
  const build = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const database = await createTestDatabase();
const prefix = uniquePrefix("bench");
const portal = await startBenchPortal({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix });
try {
  if (wanted("foundation")) {
    console.log(`\nFoundation — 20 concurrent connections, 10 s each (Node ${process.version})\n`);
    const rows: LatencyFigures[] = [];
    rows.push(await measure("GET /api/health (baseline)", `${portal.url}/api/health`));
    rows.push(await measure("GET /api/health/ready", `${portal.url}/api/health/ready`));
    const viewer = await benchSession(portal.url, database.url, "viewer");
    rows.push(
      await measure("GET /admin/queues/api/queues", `${portal.url}/admin/queues/api/queues`, { headers: viewer }),
    );
    printTable(rows);
    const base = rows[0]!.p50 || 1;
    console.log(
      `\nRatio of p50 to the /api/health baseline: ready ${(rows[1]!.p50 / base).toFixed(2)}x, Bull Board API ${(rows[2]!.p50 / base).toFixed(2)}x`,
    );
  }
  if (wanted("runbook")) await runbookPageBench({ url: portal.url, prefix, databaseUrl: database.url });
  if (wanted("checklists")) await checklistBench({ url: portal.url, prefix, databaseUrl: database.url });
  if (wanted("incidents")) await incidentBench({ url: portal.url, databaseUrl: database.url });
  if (wanted("load")) {
    // A second process on the same database and Redis, as the Kubernetes manifests run two replicas.
    const replica = await startBenchPortal({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix });
    try {
      await loadBench({
        url: portal.url,
        databaseUrl: database.url,
        prefix,
        pid: portal.process.pid!,
        replicas: [{ url: replica.url, pid: replica.process.pid! }],
      });
    } finally {
      await replica.stop();
    }
  }
  // Its own portal (50 monitored queues) and Redis prefix.
  if (wanted("queues")) {
    const queuePrefix = uniquePrefix("bench-queues");
    try {
      await queueBench({ databaseUrl: database.url, prefix: queuePrefix });
    } finally {
      await deletePrefix(queuePrefix);
    }
  }
  // Its own portal (50 monitored queues, 100 000 failed jobs) and Redis prefix.
  if (wanted("search")) {
    const searchPrefix = uniquePrefix("bench-search");
    try {
      await jobSearchBench({ databaseUrl: database.url, prefix: searchPrefix });
    } finally {
      await deletePrefix(searchPrefix);
    }
  }
} finally {
  await portal.stop();
  await database.drop();
  await deletePrefix(prefix);
}
