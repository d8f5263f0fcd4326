// Load benchmark: 100 operators using the portal at the same time for 60 s (arriving over the
// first 20 s), each doing what a browser on the portal does:
//   - moves between the DLQ alert runbook (03, five live panels), the daily checklist (01,
//     eleven panels) and an open incident on runbook 03 (300 timeline entries), staying 10–20 s
//     on each page;
//   - while on a page, refreshes its panels every 5 s in one request (as LivePanel's poller does)
//     and keeps the page's live stream open (checklist run or incident, Server-Sent Events);
//   - ticks or unticks a checklist item every 3–7 s on the checklist, writes a note every
//     5–15 s on the incident.
// The run is made against one portal process, then again with the users spread over two
// processes (the replicas the Kubernetes manifests run: one Node process uses one core), each
// process warmed up first (see warmUp). Then the pages under closed-loop pressure (100
// connections, no think time) for the capacity of one process. Prints per-request figures, how
// long a tick or a note took to reach the other users' streams, errors, and the portal's memory:
// RSS, and the heap after a full collection before and after the run (bench/gc-on-signal.mjs),
// which is what a leak would grow.
// Figures are printed, never asserted.
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "../lib/config.ts";
import { createPrismaClient } from "../lib/db/client.ts";
import { panelBatchUrl } from "../lib/panels/query.ts";
import type { PanelSpec } from "../lib/panels/types.ts";
import { RunbookLibrary } from "../lib/runbooks/library.ts";
import { measure, percentile, printTable, type LatencyFigures } from "./http.ts";
import { seedQueueData } from "./runbook-page.ts";
import { createSessions, type BenchSession } from "./session.ts";
import { portalHeap, procMemory, readEvents } from "./support.ts";

export interface BenchProcess {
  url: string;
  /** For its memory, read from /proc. */
  pid: number;
}

export interface LoadBenchOptions {
  url: string;
  databaseUrl: string;
  prefix: string;
  /** The portal's process id, for its memory. */
  pid: number;
  /**
   * More portal processes on the same database and Redis. The run is repeated with the users
   * spread over all of them, as a load balancer would (each user stays on one), since one Node
   * process uses one core.
   */
  replicas?: BenchProcess[];
  users?: number;
  seconds?: number;
}

const ALERT_RUNBOOK = "03-alerta-job-na-dlq";
const CHECKLIST = "01-monitoramento-diario";
const POLL_MS = 5000;
const TIMELINE_ENTRIES = 300;
const ARRIVAL_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const between = (min: number, max: number) => min + Math.random() * (max - min);
const round = (n: number) => Math.round(n * 10) / 10;

/** Latencies and failures per kind of request. */
class Recorder {
  private readonly kinds = new Map<string, { samples: number[]; errors: number; statuses: Map<number, number> }>();

  add(kind: string, ms: number, status: number | "network"): void {
    let entry = this.kinds.get(kind);
    if (!entry) this.kinds.set(kind, (entry = { samples: [], errors: 0, statuses: new Map() }));
    entry.samples.push(ms);
    if (status === "network" || status >= 400) entry.errors += 1;
    if (status !== "network") entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  }

  rows(seconds: number): LatencyFigures[] {
    return [...this.kinds].map(([label, { samples, errors, statuses }]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const non2xx = [...statuses]
        .filter(([status]) => status < 200 || status >= 300)
        .reduce((sum, [, n]) => sum + n, 0);
      return {
        label,
        requests: sorted.length,
        rps: round(sorted.length / seconds),
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        errors,
        non2xx,
      };
    });
  }

  get totalErrors(): number {
    return [...this.kinds.values()].reduce((sum, kind) => sum + kind.errors, 0);
  }
}

/** One browser: its cookies (better-auth refreshes the session cookie) and its requests. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly base: string,
    session: BenchSession,
    private readonly recorder: Recorder,
  ) {
    for (const pair of session.cookie.split("; ")) {
      const [name, ...value] = pair.split("=");
      this.cookies.set(name!, value.join("="));
    }
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "), ...extra };
  }

  keep(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!, value.join("="));
    }
  }

  async request(kind: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
    const started = performance.now();
    try {
      const response = await fetch(`${this.base}${path}`, {
        method: init.method ?? "GET",
        headers: this.headers(init.body === undefined ? {} : { "content-type": "application/json", origin: this.base }),
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      this.recorder.add(kind, performance.now() - started, response.status);
      this.keep(response);
      return response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    } catch {
      this.recorder.add(kind, performance.now() - started, "network");
      return null;
    }
  }

  /** Opens a Server-Sent Events stream; `onEvent` sees every event until `signal` aborts it. */
  stream(
    kind: string,
    path: string,
    signal: AbortSignal,
    onEvent: (type: string, data: unknown) => void,
  ): Promise<void> {
    const started = performance.now();
    return fetch(`${this.base}${path}`, { headers: this.headers({ accept: "text/event-stream" }), signal })
      .then((response) => {
        this.recorder.add(kind, performance.now() - started, response.status);
        return response.ok ? readEvents(response, onEvent) : undefined;
      })
      .catch((err: Error) => {
        if (err.name !== "AbortError") this.recorder.add(kind, performance.now() - started, "network");
      });
  }
}

/** When each tick or note was sent, to time its arrival on the other users' streams. */
class Deliveries {
  private readonly sentAt = new Map<string, number>();
  private readonly early = new Map<string, number[]>();
  readonly lags: number[] = [];

  sent(id: string, at: number): void {
    this.sentAt.set(id, at);
    for (const received of this.early.get(id) ?? []) this.lags.push(received - at);
    this.early.delete(id);
  }

  received(id: string): void {
    const now = performance.now();
    const sent = this.sentAt.get(id);
    if (sent !== undefined) this.lags.push(now - sent);
    // The event can beat the POST's own answer to another user.
    else this.early.set(id, [...(this.early.get(id) ?? []), now]);
  }
}

interface Scene {
  runId: string;
  itemIds: string[];
  incidentId: string;
  panels: { alert: PanelSpec[]; checklist: PanelSpec[] };
}

type PageKind = "alert" | "checklist" | "incident";
const PAGES: PageKind[] = ["alert", "checklist", "incident"];

interface Run {
  scene: Scene;
  recorder: Recorder;
  ticks: Deliveries;
  notes: Deliveries;
  deadline: number;
}

const pagePath = (kind: PageKind, scene: Scene) =>
  kind === "alert"
    ? `/runbooks/${ALERT_RUNBOOK}`
    : kind === "checklist"
      ? `/runbooks/${CHECKLIST}`
      : `/incidents/${scene.incidentId}`;
const tickBody = (scene: Scene) => ({
  itemId: scene.itemIds[Math.floor(Math.random() * scene.itemIds.length)]!,
  action: Math.random() < 0.7 ? "tick" : "untick",
  idempotencyKey: `load-${randomBytes(8).toString("hex")}`,
  evidence: { dlq: { "payments-dlq": 12 } },
});
const noteBody = () => ({
  body: `Carga: conferido o painel às ${new Date().toISOString()}`,
  idempotencyKey: `load-${randomBytes(8).toString("hex")}`,
});

const WARM_UP_ROUNDS = 5;

/**
 * Each request of the run, a few times per portal, before anything is measured: a process's
 * first request to a page loads and compiles its code (~0.7 s for the runbook page), which a
 * portal that has been up for a minute no longer pays. The run measures that steady state.
 */
async function warmUp(portals: BenchProcess[], session: BenchSession, scene: Scene): Promise<void> {
  for (const portal of portals) {
    const browser = new Browser(portal.url, session, new Recorder());
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      for (const kind of PAGES) await browser.request("warm-up", pagePath(kind, scene));
      for (const panels of [scene.panels.alert, scene.panels.checklist])
        await browser.request("warm-up", panelBatchUrl(panels.map((panel) => ({ panel, page: 0 }))));
      await browser.request("warm-up", `/api/checklists/runs/${scene.runId}/ticks`, {
        method: "POST",
        body: tickBody(scene),
      });
      await browser.request("warm-up", `/api/incidents/${scene.incidentId}/notes`, {
        method: "POST",
        body: noteBody(),
      });
    }
  }
}

async function visit(browser: Browser, kind: PageKind, run: Run): Promise<void> {
  const { scene } = run;
  const leaveAt = Math.min(run.deadline, performance.now() + between(10_000, 20_000));
  await browser.request(
    `GET page: ${kind === "alert" ? "runbook 03 + 5 panels" : kind === "checklist" ? "checklist 01 + 11 panels" : "incident + 5 panels"}`,
    pagePath(kind, scene),
  );

  const pending: Promise<unknown>[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  const every = (min: number, max: number, action: () => Promise<unknown>) => {
    const schedule = () => {
      const wait = between(min, max);
      if (performance.now() + wait >= leaveAt) return;
      timers.push(setTimeout(() => (pending.push(action()), schedule()), wait));
    };
    schedule();
  };

  const panels = kind === "checklist" ? scene.panels.checklist : scene.panels.alert;
  every(POLL_MS, POLL_MS, () =>
    browser.request(
      "GET /api/panels/batch (page's panels)",
      panelBatchUrl(panels.map((panel) => ({ panel, page: 0 }))),
    ),
  );

  const leaving = new AbortController();
  if (kind === "checklist") {
    pending.push(
      browser.stream(
        "SSE connect: checklist run",
        `/api/checklists/runs/${scene.runId}/events`,
        leaving.signal,
        (type, data) => {
          if (type === "tick") run.ticks.received((data as { tick: { id: string } }).tick.id);
        },
      ),
    );
    every(3000, 7000, async () => {
      const started = performance.now();
      const result = (await browser.request(
        "POST /api/checklists/runs/:id/ticks",
        `/api/checklists/runs/${scene.runId}/ticks`,
        { method: "POST", body: tickBody(scene) },
      )) as { outcome?: string; tick?: { id: string } } | null;
      if (result?.outcome === "created" && result.tick) run.ticks.sent(result.tick.id, started);
    });
  } else if (kind === "incident") {
    pending.push(
      browser.stream(
        "SSE connect: incident",
        `/api/incidents/${scene.incidentId}/events`,
        leaving.signal,
        (type, data) => {
          if (type === "entry") run.notes.received((data as { entry: { id: string } }).entry.id);
        },
      ),
    );
    every(5000, 15_000, async () => {
      const started = performance.now();
      const result = (await browser.request(
        "POST /api/incidents/:id/notes",
        `/api/incidents/${scene.incidentId}/notes`,
        { method: "POST", body: noteBody() },
      )) as { outcome?: string; entry?: { id: string } } | null;
      if (result?.outcome === "created" && result.entry) run.notes.sent(result.entry.id, started);
    });
  }

  await sleep(leaveAt - performance.now());
  for (const timer of timers) clearTimeout(timer);
  leaving.abort();
  await Promise.all(pending);
}

async function user(browser: Browser, index: number, count: number, run: Run): Promise<void> {
  // Users arrive over the first ARRIVAL_MS, as a team opening the portal after an alert does,
  // not in one instant.
  await sleep((index / count) * ARRIVAL_MS);
  for (let page = index % PAGES.length; performance.now() < run.deadline; page = (page + 1) % PAGES.length) {
    await visit(browser, PAGES[page]!, run);
  }
}

async function prepare(options: LoadBenchOptions, sessions: BenchSession[]): Promise<Scene> {
  const cfg = config();
  const connection = new Redis(cfg.REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const payments = new Queue("payments", { connection, prefix: options.prefix });
    const failed = (await payments.getJobCounts("failed")).failed ?? 0;
    await payments.close();
    if (failed === 0) await seedQueueData(cfg.REDIS_URL, options.prefix, 1000);
  } finally {
    await connection.quit();
  }

  const library = new RunbookLibrary({ queues: cfg.queues });
  const panelsOf = async (slug: string) =>
    ((await library.render(slug))?.rendered.panels ?? []).map(({ type, args }) => ({ type, args }) as PanelSpec);

  const first = sessions[0]!;
  const open = await fetch(`${options.url}/api/checklists/${CHECKLIST}/current`, {
    method: "POST",
    headers: { cookie: first.cookie, origin: options.url },
  });
  if (!open.ok) throw new Error(`opening the checklist run failed: HTTP ${open.status}`);
  const { run } = (await open.json()) as { run: { id: string; items: Array<{ id: string }> } };

  const prisma = createPrismaClient(options.databaseUrl);
  try {
    const openedAt = new Date(Date.now() - TIMELINE_ENTRIES * 30_000);
    const incident = await prisma.incident.create({
      data: {
        title: "Carga: pagamentos na DLQ",
        severity: "P2",
        runbookSlug: ALERT_RUNBOOK,
        runbookVersion: "bench",
        commanderId: first.actor.id,
        openedById: first.actor.id,
        openedAt,
      },
    });
    await prisma.timelineEntry.createMany({
      data: Array.from({ length: TIMELINE_ENTRIES }, (_, i) => ({
        incidentId: incident.id,
        kind: i % 3 === 0 ? ("alert" as const) : ("note" as const),
        actorId: i % 3 === 0 ? null : first.actor.id,
        body: `Nota ${i}: **verificado** o painel de filas; ver [log](https://example.com/${i}).`,
        createdAt: new Date(openedAt.getTime() + i * 30_000),
      })),
    });
    return {
      runId: run.id,
      itemIds: run.items.map((item) => item.id),
      incidentId: incident.id,
      panels: { alert: await panelsOf(ALERT_RUNBOOK), checklist: await panelsOf(CHECKLIST) },
    };
  } finally {
    await prisma.$disconnect();
  }
}

interface MemorySample {
  at: number;
  rss: number;
  heap: number;
}

function lagRow(label: string, lags: number[]): string {
  const sorted = [...lags].sort((a, b) => a - b);
  return `${label}: ${sorted.length} deliveries, p50 ${round(percentile(sorted, 50))} ms, p95 ${round(percentile(sorted, 95))} ms, p99 ${round(percentile(sorted, 99))} ms, max ${round(sorted.at(-1) ?? 0)} ms`;
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** Memory of each portal over a run, sampled every 2 s. */
class MemoryWatch {
  private readonly samples = new Map<BenchProcess, MemorySample[]>();
  private readonly started = performance.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly portals: BenchProcess[]) {
    for (const portal of portals) this.samples.set(portal, []);
  }

  async sample(): Promise<void> {
    await Promise.all(
      this.portals.map(async (portal) => {
        const heap = (await portalHeap(portal.url))?.used ?? 0;
        this.samples.get(portal)!.push({ at: performance.now() - this.started, rss: procMemory(portal.pid).rss, heap });
      }),
    );
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), 2000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A full collection in every portal (bench/gc-on-signal.mjs), then each one's heap. */
  async collected(): Promise<Map<BenchProcess, number>> {
    for (const portal of this.portals) process.kill(portal.pid, "SIGUSR2");
    await sleep(1000);
    const heaps = new Map<BenchProcess, number>();
    for (const portal of this.portals) heaps.set(portal, (await portalHeap(portal.url))?.used ?? 0);
    return heaps;
  }

  print(before: Map<BenchProcess, number>, after: Map<BenchProcess, number>): void {
    for (const [index, portal] of this.portals.entries()) {
      const memory = this.samples.get(portal)!;
      const first = memory[0]!;
      const last = memory.at(-1)!;
      const kept = after.get(portal)! - before.get(portal)!;
      console.log(
        `Portal ${this.portals.length > 1 ? `${index + 1} ` : ""}memory: RSS ${mib(first.rss)} at the start → ${mib(last.rss)} at the end (peak ${mib(Math.max(...memory.map((s) => s.rss)))}); ` +
          `heap after a full collection ${mib(before.get(portal)!)} before the run → ${mib(after.get(portal)!)} after (${kept >= 0 ? "+" : ""}${mib(kept)}); peak heap ${mib(Math.max(...memory.map((s) => s.heap)))}`,
      );
    }
  }
}

async function runUsers(
  label: string,
  portals: BenchProcess[],
  sessions: BenchSession[],
  scene: Scene,
  seconds: number,
): Promise<void> {
  const recorder = new Recorder();
  const run: Run = {
    scene,
    recorder,
    ticks: new Deliveries(),
    notes: new Deliveries(),
    deadline: performance.now() + seconds * 1000,
  };
  await warmUp(portals, sessions[0]!, scene);
  const memory = new MemoryWatch(portals);
  const before = await memory.collected();
  await memory.sample();
  memory.start();
  console.log(
    `\nLoad — ${label}: ${sessions.length} operators arriving over ${ARRIVAL_MS / 1000} s, for ${seconds} s, after ${WARM_UP_ROUNDS} warm-up rounds of every request: runbook 03, checklist 01 and an incident (${TIMELINE_ENTRIES} entries) in turn, 10–20 s on each; ` +
      `panels every 5 s; a tick every 3–7 s on the checklist, a note every 5–15 s on the incident\n`,
  );
  await Promise.all(
    sessions.map((session, index) =>
      user(new Browser(portals[index % portals.length]!.url, session, recorder), index, sessions.length, run),
    ),
  );
  memory.stop();
  await memory.sample();
  // Streams and timers of the run wind down before the heap is read.
  await sleep(2000);
  const after = await memory.collected();

  printTable(recorder.rows(seconds));
  console.log(`\nErrors (network or HTTP ≥ 400) over all requests: ${recorder.totalErrors}`);
  console.log(lagRow("tick saved → on the other users' checklist streams", run.ticks.lags));
  console.log(lagRow("note saved → on the other users' incident streams", run.notes.lags));
  memory.print(before, after);
}

export async function loadBench(options: LoadBenchOptions): Promise<void> {
  const users = options.users ?? 100;
  const seconds = options.seconds ?? 60;
  const prisma = createPrismaClient(options.databaseUrl);
  let sessions: BenchSession[];
  try {
    console.log(`\nLoad — creating and signing in ${users} operators...`);
    sessions = (await createSessions(prisma, options.url, users, `load${Date.now().toString(36)}`)).operators;
  } finally {
    await prisma.$disconnect();
  }
  const scene = await prepare(options, sessions);
  const main: BenchProcess = { url: options.url, pid: options.pid };
  await runUsers("one portal process", [main], sessions, scene, seconds);
  if (options.replicas?.length)
    await runUsers(
      `${options.replicas.length + 1} portal processes (replicas), users spread over them`,
      [main, ...options.replicas],
      sessions,
      scene,
      seconds,
    );

  console.log(`\nCapacity of one portal process — closed loop, 100 connections, no think time, 10 s each\n`);
  const headers = { cookie: sessions[0]!.cookie };
  const capacity = [
    await measure("runbook 03 with its 5 live panels", `${options.url}/runbooks/${ALERT_RUNBOOK}`, {
      connections: 100,
      headers,
    }),
    await measure(
      `incident page (${TIMELINE_ENTRIES} entries, 5 panels)`,
      `${options.url}/incidents/${scene.incidentId}`,
      { connections: 100, headers },
    ),
    await measure(
      "panel batch of checklist 01 (11 panels)",
      `${options.url}${panelBatchUrl(scene.panels.checklist.map((panel) => ({ panel, page: 0 })))}`,
      { connections: 100, headers },
    ),
  ];
  printTable(capacity);
}
