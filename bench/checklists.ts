// Checklist benchmark: three years of history (28 daily checklists of 25 items, plus the weekly,
// monthly and quarterly runbooks: ~29 000 runs, ~750 000 ticks), then
//   - the history queries' server time (in process, median / p95) and the history API over HTTP;
//   - the CSV export of every tick of the three years: rows/s and peak memory, in process and
//     through a portal process (its RSS read from /proc);
//   - the tick API at 20 concurrent operators on one run (median / p95), and how long until a
//     viewer connected by SSE to *another* portal process receives each tick.
// Figures are printed, never asserted.
import { randomBytes } from "node:crypto";
import { checklistFromRunbook, staticSource, type ChecklistDefinition } from "../lib/checklists/definitions.ts";
import type { ChecklistDeps } from "../lib/checklists/deps.ts";
import { exportChecklistCsv } from "../lib/checklists/export.ts";
import { checklistHistory, runDetail } from "../lib/checklists/history.ts";
import { parseExportQuery, parseHistoryQuery } from "../lib/checklists/history-filter.ts";
import { addDays, formatLocalDate, localDate } from "../lib/checklists/periods.ts";
import type { TickResult } from "../lib/checklists/types.ts";
import { config } from "../lib/config.ts";
import { createPrismaClient } from "../lib/db/client.ts";
import type { PrismaClient } from "../lib/generated/prisma/client.ts";
import { RunbookLibrary } from "../lib/runbooks/library.ts";
import { measure, percentile, printTable } from "./http.ts";
import { startBenchPortal } from "./portal.ts";
import { createSessions, type BenchSession } from "./session.ts";
import { portalHeap, procMemory, readEvents } from "./support.ts";

export interface ChecklistBenchOptions {
  /** A running portal (production build) on `databaseUrl`. */
  url: string;
  databaseUrl: string;
  /** Its QUEUE_PREFIX (the live channels' namespace); a second portal is started with the same. */
  prefix: string;
  years?: number;
  operators?: number;
  /** Duration of the tick load. */
  seconds?: number;
}

const DAILY_SLUG = "01-monitoramento-diario";
const DAILY_CHECKLISTS = 28;
const EXPORT_HEAP_CAP_MB = 320;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

function summary(label: string, samples: number[]): string[] {
  const sorted = [...samples].sort((a, b) => a - b);
  return [label, String(sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(sorted.at(-1) ?? 0)];
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cols: string[]) =>
    cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(fmt(r));
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/** Server-side generation (generate_series), so seeding 750 000 rows takes seconds, not minutes. */
export async function seedHistory(
  prisma: PrismaClient,
  definitions: ChecklistDefinition[],
  actors: string[],
  years: number,
  timeZone: string,
) {
  const today = localDate(new Date(), timeZone);
  const first = formatLocalDate(addDays(today, -Math.round(365.25 * years)));
  const last = formatLocalDate(addDays(today, -1));
  const required = Array.from({ length: 22 }, (_, i) => `item-${String(i + 1).padStart(2, "0")}`);
  const optional = ["opcional-1", "opcional-2", "opcional-3"];
  const dailySlugs = [
    DAILY_SLUG,
    ...Array.from({ length: DAILY_CHECKLISTS - 1 }, (_, i) => `bench-diario-${String(i + 2).padStart(2, "0")}`),
  ];

  // Daily runs; 4 % of days nobody opened the checklist (no run at all).
  await prisma.$executeRaw`
    INSERT INTO checklist_runs (id, runbook_slug, runbook_version, cadence, period_key, required_items, optional_items, deadline_at, created_at)
    SELECT gen_random_uuid(), s.slug, 'bench', 'daily', to_char(d, 'YYYY-MM-DD'), ${required}::text[], ${optional}::text[],
           (d::date + time '10:00') AT TIME ZONE ${timeZone}, (d::date + time '07:30') AT TIME ZONE ${timeZone}
      FROM unnest(${dailySlugs}::text[]) AS s(slug)
     CROSS JOIN generate_series(${first}::date, ${last}::date, interval '1 day') AS d
     WHERE abs(hashtext(s.slug || to_char(d, 'YYYY-MM-DD'))) % 100 >= 4`;
  // The weekly, monthly and quarterly runbooks, with their real items; past periods only.
  const periodic: Array<{ cadence: "weekly" | "monthly" | "quarterly"; unit: string; step: string; format: string }> = [
    { cadence: "weekly", unit: "week", step: "7 days", format: 'IYYY-"W"IW' },
    { cadence: "monthly", unit: "month", step: "1 month", format: "YYYY-MM" },
    { cadence: "quarterly", unit: "quarter", step: "3 months", format: 'YYYY-"Q"Q' },
  ];
  for (const p of periodic) {
    const def = definitions.find((d) => d.cadence === p.cadence);
    if (!def) continue;
    await prisma.$executeRaw`
      INSERT INTO checklist_runs (id, runbook_slug, runbook_version, cadence, period_key, required_items, optional_items, deadline_at, created_at)
      SELECT gen_random_uuid(), ${def.slug}, 'bench', ${p.cadence}::"Cadence", to_char(d, ${p.format}),
             ${def.items.filter((i) => !i.optional).map((i) => i.id)}::text[], ${def.items.filter((i) => i.optional).map((i) => i.id)}::text[],
             NULL, (d::date + time '09:00') AT TIME ZONE ${timeZone}
        FROM generate_series(date_trunc(${p.unit}, ${first}::date), date_trunc(${p.unit}, ${last}::date) - ${p.step}::interval, ${p.step}::interval) AS d
       WHERE abs(hashtext(${def.slug} || to_char(d, ${p.format}))) % 100 >= 4`;
  }
  // Fate of a run (f): < 7 nothing ticked (missed), < 17 partial (60 % of items), < 27 late,
  // else done on time. Optional items are ticked half the time. Every tick carries evidence.
  await prisma.$executeRaw`
    INSERT INTO checklist_ticks (id, run_id, item_id, action, actor_id, note, evidence, idempotency_key, created_at)
    SELECT gen_random_uuid(), x.run_id, x.item, 'tick', x.actor, x.note, x.evidence, 'seed:' || x.run_id || ':' || x.item, x.at
      FROM (
        SELECT r.id AS run_id, it.item, f, g, it.n > cardinality(r.required_items) AS optional,
               (${actors}::uuid[])[1 + (CASE WHEN g % 5 = 0 THEN g ELSE f END) % ${actors.length}] AS actor,
               CASE WHEN g % 10 = 0 THEN 'Fila payments com ' || g || ' jobs aguardando; dentro do limite.' END AS note,
               jsonb_build_object('panel', 'queues', 'waiting', jsonb_build_object('payments', g, 'notifications', f % 9, 'reports', 0),
                                  'failed', f % 7, 'dlq', jsonb_build_object('payments-dlq', g % 3, 'notifications-dlq', 0, 'reports-dlq', 0)) AS evidence,
               COALESCE(r.deadline_at, r.created_at + interval '4 hours')
                 + CASE WHEN f >= 17 AND f < 27 THEN interval '10 minutes' ELSE interval '-150 minutes' END
                 + it.n * interval '3 minutes' + (g % 3) * interval '1 minute' AS at
          FROM checklist_runs r
         CROSS JOIN LATERAL (SELECT abs(hashtext(r.runbook_slug || r.period_key)) % 100 AS f) fa
         CROSS JOIN LATERAL unnest(r.required_items || r.optional_items) WITH ORDINALITY AS it(item, n)
         CROSS JOIN LATERAL (SELECT abs(hashtext(r.runbook_slug || r.period_key || it.item)) % 100 AS g) ga
         WHERE r.runbook_version = 'bench'
      ) x
     WHERE x.f >= 7 AND CASE WHEN x.optional THEN x.g < 50 WHEN x.f < 17 THEN x.g < 60 ELSE true END`;
  // Second thoughts: 5 % of ticks are unticked a minute later and ticked again the minute after.
  await prisma.$executeRaw`
    INSERT INTO checklist_ticks (id, run_id, item_id, action, actor_id, note, evidence, idempotency_key, created_at)
    SELECT gen_random_uuid(), t.run_id, t.item_id, a.action::"TickAction", t.actor_id, NULL, NULL, a.prefix || t.id, t.created_at + a.delay
      FROM checklist_ticks t
     CROSS JOIN (VALUES ('untick', 'seed-u:', interval '1 minute'), ('tick', 'seed-r:', interval '2 minutes')) AS a(action, prefix, delay)
     WHERE t.idempotency_key LIKE 'seed:%' AND abs(hashtext(t.idempotency_key)) % 20 = 7`;
  await prisma.$executeRaw`
    UPDATE checklist_runs r SET completed_at = c.at, completed_by_id = c.actor
      FROM (SELECT t.run_id, max(t.created_at) AS at, (array_agg(t.actor_id ORDER BY t.created_at DESC))[1] AS actor
              FROM checklist_ticks t JOIN checklist_runs rr ON rr.id = t.run_id
             WHERE rr.runbook_version = 'bench' AND t.item_id = ANY (rr.required_items)
             GROUP BY t.run_id) c
     WHERE c.run_id = r.id AND abs(hashtext(r.runbook_slug || r.period_key)) % 100 >= 17`;
  await prisma.$executeRawUnsafe("ANALYZE checklist_runs; ANALYZE checklist_ticks; ANALYZE users");
  const dailyDefs: ChecklistDefinition[] = dailySlugs.map((slug) => ({
    slug,
    title: slug,
    version: "bench",
    cadence: "daily",
    deadline: "10:00",
    items: [
      ...required.map((id) => ({ id, text: id, optional: false })),
      ...optional.map((id) => ({ id, text: id, optional: true })),
    ],
  }));
  return { first, last, dailyDefs };
}

export async function checklistBench(options: ChecklistBenchOptions): Promise<void> {
  const years = options.years ?? 3;
  const timeZone = config().TIMEZONE;
  const prisma = createPrismaClient(options.databaseUrl);
  // Portal B: the SSE viewer's process, and the export's server. Its heap is capped so that the
  // three-year export completing there shows the export's memory is bounded (V8 otherwise just
  // postpones collection while there is room, which makes RSS alone say little).
  const second = await startBenchPortal({
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.prefix,
    NODE_OPTIONS: `--max-old-space-size=${EXPORT_HEAP_CAP_MB}`,
  });
  try {
    const library = new RunbookLibrary({ queues: config().queues });
    const real = (await library.all()).map(checklistFromRunbook).filter((c): c is ChecklistDefinition => c !== null);
    const sessions = await createSessions(prisma, options.url, options.operators ?? 20, "history");

    console.log(`\nChecklists — seeding ${years} years of history...`);
    const [seeded, seedMs] = await timed(() =>
      seedHistory(
        prisma,
        real,
        sessions.operators.map((s) => s.actor.id),
        years,
        timeZone,
      ),
    );
    const runs = await prisma.checklistRun.count();
    const ticks = await prisma.checklistTick.count();
    console.log(
      `${int(runs)} runs, ${int(ticks)} ticks (${seeded.first} … ${seeded.last}) in ${(seedMs / 1000).toFixed(1)} s`,
    );

    const deps: Partial<ChecklistDeps> = {
      prisma,
      checklists: staticSource([...seeded.dailyDefs, ...real.filter((d) => d.cadence !== "daily")]),
      timeZone,
      live: null,
    };
    const clock = { now: new Date(), timeZone };
    const today = formatLocalDate(localDate(new Date(), timeZone));
    const daysAgo = (n: number) => formatLocalDate(addDays(localDate(new Date(), timeZone), -n));

    // History queries, in process: the server time of the history page for each view.
    console.log(`\nHistory queries — server time in process (${timeZone}), 5 warm-up + 40 runs each\n`);
    const views: Array<[string, Record<string, string>]> = [
      ["page: 1 checklist, 30 days (default)", { checklist: DAILY_SLUG }],
      ["1 checklist, 1 year", { checklist: DAILY_SLUG, from: daysAgo(365), to: today }],
      ["1 checklist, 3 years", { checklist: DAILY_SLUG, from: daysAgo(1096), to: today }],
      [
        "1 checklist, 1 person, 1 year",
        { checklist: DAILY_SLUG, person: sessions.operators[0]!.actor.id, from: daysAgo(365), to: today },
      ],
      [`all ${DAILY_CHECKLISTS + 3} checklists, 30 days`, {}],
      [`all ${DAILY_CHECKLISTS + 3} checklists, 1 year`, { from: daysAgo(365), to: today }],
    ];
    const historyRows: string[][] = [];
    for (const [label, params] of views) {
      const filter = parseHistoryQuery(params, clock);
      const samples: number[] = [];
      for (let i = 0; i < 45; i++) {
        const [, t] = await timed(() => checklistHistory(filter, deps));
        if (i >= 5) samples.push(t);
      }
      historyRows.push(summary(label, samples));
    }
    const someRun = await prisma.checklistRun.findFirstOrThrow({
      where: { runbookSlug: DAILY_SLUG, completedAt: { not: null } },
      orderBy: { periodKey: "desc" },
    });
    const detail: number[] = [];
    for (let i = 0; i < 45; i++) {
      const [, t] = await timed(() => runDetail(someRun.id, deps));
      if (i >= 5) detail.push(t);
    }
    historyRows.push(summary("run detail (every tick of a run)", detail));
    table(["view", "runs", "p50", "p95", "max"], historyRows);

    console.log("\nHistory API over HTTP (session of a manager), 10 connections, 5 s\n");
    printTable([
      await measure(
        "GET /api/history/checklists?checklist=01-… (30 days)",
        `${options.url}/api/history/checklists?checklist=${DAILY_SLUG}`,
        {
          connections: 10,
          seconds: 5,
          headers: { cookie: sessions.manager.cookie },
        },
      ),
    ]);

    // CSV export of every tick of the whole range.
    console.log(`\nCSV export of every tick, ${seeded.first} … ${today}\n`);
    const exportRows: string[][] = [];
    {
      const filter = parseExportQuery({ kind: "ticks", from: seeded.first, to: today }, clock);
      global.gc?.();
      const base = process.memoryUsage();
      let peakHeap = 0;
      let peakRss = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
        peakRss = Math.max(peakRss, m.rss - base.rss);
      }, 25);
      let lines = 0;
      let bytes = 0;
      const [, t] = await timed(async () => {
        const { stream } = await exportChecklistCsv(filter, deps);
        for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          for (const b of chunk) if (b === 10) lines++;
        }
      });
      clearInterval(sampler);
      exportRows.push([
        "in process",
        int(lines - 1),
        mib(bytes),
        `${(t / 1000).toFixed(1)} s`,
        int(((lines - 1) / t) * 1000),
        `heap +${mib(peakHeap)}, RSS +${mib(peakRss)} (uncapped: V8 collects lazily)`,
      ]);
    }
    {
      const pid = second.process.pid!;
      const before = procMemory(pid);
      const heapBefore = await portalHeap(second.url);
      let peakRss = before.rss;
      let peakHeap = heapBefore?.used ?? 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          try {
            peakRss = Math.max(peakRss, procMemory(pid).rss);
          } catch {
            // process gone
          }
          peakHeap = Math.max(peakHeap, (await portalHeap(second.url))?.used ?? 0);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      let lines = 0;
      let bytes = 0;
      let firstByte = 0;
      const [, t] = await timed(async () => {
        const started = performance.now();
        const response = await fetch(
          `${second.url}/api/history/checklists/export?kind=ticks&from=${seeded.first}&to=${today}`,
          { headers: { cookie: sessions.manager.cookie } },
        );
        if (!response.ok) throw new Error(`export over HTTP failed: ${response.status} ${await response.text()}`);
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          if (!firstByte) firstByte = performance.now() - started;
          bytes += chunk.byteLength;
          for (const b of chunk) if (b === 10) lines++;
        }
      });
      sampling = false;
      await sampler;
      const heap = heapBefore
        ? `heap ${mib(heapBefore.used)} → peak ${mib(peakHeap)} (cap ${EXPORT_HEAP_CAP_MB} MB)`
        : "heap n/a";
      exportRows.push([
        "HTTP, portal B",
        int(lines - 1),
        mib(bytes),
        `${(t / 1000).toFixed(1)} s`,
        int(((lines - 1) / t) * 1000),
        `${heap}; RSS ${mib(before.rss)} → peak ${mib(peakRss)}; first byte ${ms(firstByte)}`,
      ]);
    }
    table(["export", "rows", "size", "time", "rows/s", "memory"], exportRows);

    // Tick API: 20 operators ticking on one run through portal A; a viewer on portal B.
    const operators = sessions.operators;
    const open = await fetch(`${options.url}/api/checklists/${DAILY_SLUG}/current`, {
      method: "POST",
      headers: { cookie: operators[0]!.cookie, origin: options.url },
    });
    if (!open.ok) throw new Error(`open failed: ${open.status} ${await open.text()}`);
    const run = ((await open.json()) as { run: { id: string; items: Array<{ id: string }> } }).run;
    const itemIds = run.items.map((i) => i.id);

    const viewer = new AbortController();
    const arrivals = new Map<string, number>();
    const lags: number[] = [];
    const events = await fetch(`${second.url}/api/checklists/runs/${run.id}/events`, {
      headers: { cookie: sessions.manager.cookie },
      signal: viewer.signal,
    });
    if (!events.ok) throw new Error(`SSE failed: ${events.status}`);
    let snapshot!: () => void;
    const ready = new Promise<void>((r) => (snapshot = r));
    const reading = readEvents(events, (type, data) => {
      if (type === "snapshot") snapshot();
      if (type !== "tick") return;
      const tick = (data as TickResult).tick!;
      arrivals.set(tick.id, performance.now());
      lags.push(Date.now() - Date.parse(tick.at));
    }).catch(() => {});
    await ready;

    const seconds = options.seconds ?? 10;
    console.log(
      `\nTick API — ${operators.length} concurrent operators on one run (${itemIds.length} items) via portal A for ${seconds} s; a viewer on portal B (SSE)\n`,
    );
    const latencies: number[] = [];
    const outcomes: Record<string, number> = {};
    let counter = 0;
    const tick = async (
      session: BenchSession,
      itemId: string,
      action: "tick" | "untick",
    ): Promise<TickResult | null> => {
      const response = await fetch(`${options.url}/api/checklists/runs/${run.id}/ticks`, {
        method: "POST",
        headers: { cookie: session.cookie, origin: options.url, "content-type": "application/json" },
        body: JSON.stringify({
          itemId,
          action,
          idempotencyKey: `bench-${process.pid}-${++counter}-${randomBytes(4).toString("hex")}`,
          evidence: { dlq: { "payments-dlq": counter % 3 } },
        }),
      });
      const body = (await response.json()) as TickResult;
      const key = response.ok ? body.outcome : `HTTP ${response.status}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      return response.ok ? body : null;
    };
    const stopAt = performance.now() + seconds * 1000;
    await Promise.all(
      operators.map(async (session, i) => {
        const itemId = itemIds[i % itemIds.length]!;
        let action: "tick" | "untick" = "tick";
        while (performance.now() < stopAt) {
          const [result, t] = await timed(() => tick(session, itemId, action));
          latencies.push(t);
          action = result?.item.ticked ? "untick" : "tick";
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const loadLags = [...lags];
    const created = outcomes.created ?? 0;
    table(
      ["scenario", "requests", "p50", "p95", "max"],
      [
        summary("POST …/ticks, 20 operators", latencies),
        summary("tick saved → seen by the viewer on portal B (under that load)", loadLags),
      ],
    );
    console.log(
      `\n${int(latencies.length / seconds)} ticks/s; outcomes: ${Object.entries(outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}; ` + `${int(loadLags.length)} of ${int(created)} created ticks reached the viewer`,
    );

    // Idle: one operator, one tick at a time: request sent → event received on the other portal.
    const idle: number[] = [];
    const idleRequests: number[] = [];
    let action: "tick" | "untick" = "tick";
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const result = await tick(operators[0]!, itemIds[0]!, action);
      idleRequests.push(performance.now() - started);
      action = result?.item.ticked ? "untick" : "tick";
      if (result?.outcome !== "created") continue;
      const id = result.tick!.id;
      while (!arrivals.has(id) && performance.now() - started < 2000) await new Promise((r) => setTimeout(r, 1));
      if (arrivals.has(id)) idle.push(arrivals.get(id)! - started);
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log("");
    table(
      ["scenario", "ticks", "p50", "p95", "max"],
      [
        summary("POST …/ticks, one operator (idle portal)", idleRequests),
        summary("click → other portal's viewer has it (one operator, idle)", idle),
      ],
    );
    viewer.abort();
    await reading;
  } finally {
    await second.stop();
    await prisma.$disconnect();
  }
}
