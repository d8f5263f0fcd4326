// Incident benchmark: one incident with 2 000 timeline entries (notes, status changes, alerts),
// then
//   - the incident page's server time (sequential GETs of /incidents/<id>?panels=off, so panels
//     and Redis/Sentry are not measured) and the JSON API, median / p95 — both carry the newest
//     page of the timeline (100 entries), so they should not grow with the timeline;
//   - one older page of the timeline by cursor ("Carregar anteriores"), from the middle;
//   - how long a new note takes from the POST until a viewer connected by SSE receives it.
// Figures are printed, never asserted.
import { randomUUID } from "node:crypto";
import { createPrismaClient } from "../lib/db/client.ts";
import { percentile } from "./http.ts";
import { benchSession } from "./session.ts";
import { readEvents } from "./support.ts";

export interface IncidentBenchOptions {
  url: string;
  databaseUrl: string;
  entries?: number;
  requests?: number;
  notes?: number;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed(url: string, headers: Record<string, string>, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count + 3; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (i >= 3) samples.push(performance.now() - start); // 3 warm-up requests
  }
  return samples.sort((a, b) => a - b);
}

export async function incidentBench(options: IncidentBenchOptions): Promise<void> {
  const entries = options.entries ?? 2000;
  const prisma = createPrismaClient(options.databaseUrl);
  try {
    const operator = await benchSession(options.url, options.databaseUrl, "operator");
    const viewer = await benchSession(options.url, options.databaseUrl, "viewer");
    const actor = await prisma.user.findFirstOrThrow({ where: { role: "operator" }, orderBy: { createdAt: "desc" } });
    const openedAt = new Date(Date.now() - entries * 30_000);
    const incident = await prisma.incident.create({
      data: {
        title: "Bench: incidente longo",
        severity: "P2",
        runbookSlug: "03-alerta-job-na-dlq",
        runbookVersion: "bench",
        commanderId: actor.id,
        openedById: actor.id,
        openedAt,
      },
    });
    const kinds = ["note", "note", "note", "alert", "step", "action"] as const;
    await prisma.timelineEntry.createMany({
      data: Array.from({ length: entries }, (_, i) => ({
        incidentId: incident.id,
        kind: kinds[i % kinds.length]!,
        actorId: i % 6 === 3 ? null : actor.id,
        body:
          i % 6 < 3
            ? `Nota ${i}: **verificado** o painel de filas; ver [log](https://example.com/${i}).\n\n- item a\n- item b`
            : `Entrada ${i}`,
        createdAt: new Date(openedAt.getTime() + i * 30_000),
      })),
    });

    console.log(`\nIncidents — one incident with ${entries} timeline entries\n`);
    const requests = options.requests ?? 40;
    const page = await timed(`${options.url}/incidents/${incident.id}?panels=off`, viewer, requests);
    const api = await timed(`${options.url}/api/incidents/${incident.id}`, viewer, requests);
    const first = (await (await fetch(`${options.url}/api/incidents/${incident.id}`, { headers: viewer })).json()) as {
      olderCursor: string | null;
      timeline: unknown[];
    };
    if (!first.olderCursor)
      throw new Error("expected an older page: the incident view should carry only the newest entries");
    // Walk back to the middle of the timeline (pages of at most 200), then time one page from there.
    let cursor = first.olderCursor;
    for (let shown = first.timeline.length; shown < entries / 2; shown += 200) {
      const page = (await (
        await fetch(
          `${options.url}/api/incidents/${incident.id}/timeline?before=${encodeURIComponent(cursor)}&limit=200`,
          { headers: viewer },
        )
      ).json()) as { olderCursor: string | null };
      if (!page.olderCursor) break;
      cursor = page.olderCursor;
    }
    const older = await timed(
      `${options.url}/api/incidents/${incident.id}/timeline?before=${encodeURIComponent(cursor)}`,
      viewer,
      requests,
    );

    // Live: a viewer on the SSE stream; an operator posts notes one after another.
    const controller = new AbortController();
    const events = await fetch(`${options.url}/api/incidents/${incident.id}/events`, {
      headers: viewer,
      signal: controller.signal,
    });
    if (!events.ok || !events.body) throw new Error(`SSE failed: ${events.status}`);
    const waiting = new Map<string, (at: number) => void>();
    let snapshot: () => void = () => {};
    const snapshotSeen = new Promise<void>((resolve) => (snapshot = resolve));
    const reader = readEvents(events, (type, data) => {
      if (type === "snapshot") snapshot();
      if (type === "entry") waiting.get((data as { entry: { body: string } }).entry.body)?.(performance.now());
    }).catch(() => {
      // aborted at the end
    });
    await snapshotSeen;
    const delays: number[] = [];
    for (let i = 0; i < (options.notes ?? 30); i++) {
      const body = `bench note ${i} ${randomUUID()}`;
      const received = new Promise<number>((resolve) => waiting.set(body, resolve));
      const start = performance.now();
      const response = await fetch(`${options.url}/api/incidents/${incident.id}/notes`, {
        method: "POST",
        headers: { ...operator, "content-type": "application/json", origin: options.url },
        body: JSON.stringify({ body, idempotencyKey: randomUUID() }),
      });
      if (!response.ok) throw new Error(`note failed: ${response.status} ${await response.text()}`);
      delays.push((await received) - start);
    }
    controller.abort();
    await reader;
    delays.sort((a, b) => a - b);

    const rows = [
      [`GET /incidents/<id>?panels=off (${entries} entries)`, page],
      [`GET /api/incidents/<id> (${entries} entries)`, api],
      ["GET …/timeline?before=<cursor> (100 older)", older],
      ["note POST → SSE viewer receives it", delays],
    ] as const;
    console.log(
      ["scenario".padEnd(48), "n".padStart(4), "median".padStart(10), "p95".padStart(10), "max".padStart(10)].join(
        "  ",
      ),
    );
    for (const [label, samples] of rows) {
      console.log(
        [
          label.padEnd(48),
          String(samples.length).padStart(4),
          ms(percentile([...samples], 50)).padStart(10),
          ms(percentile([...samples], 95)).padStart(10),
          ms(samples.at(-1) ?? 0).padStart(10),
        ].join("  "),
      );
    }
    console.log(
      "(sequential requests, one at a time; the viewer is on the same portal process, events go through Redis pub/sub)",
    );
  } finally {
    await prisma.$disconnect();
  }
}

// `tsx bench/incidents.ts <portal url> <database url>`: this suite alone, against a running portal.
if (process.argv[1]?.endsWith("bench/incidents.ts")) {
  const [url, databaseUrl] = process.argv.slice(2);
  if (!url || !databaseUrl) throw new Error("usage: tsx bench/incidents.ts <portal url> <database url>");
  await incidentBench({ url, databaseUrl });
}
