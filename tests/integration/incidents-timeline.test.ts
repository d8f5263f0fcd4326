// The incident timeline read a page at a time, against a real PostgreSQL (own database): the
// view carries the newest page, older pages by cursor cover every entry exactly once and in
// order (ties on the timestamp broken by id), entries added meanwhile never shift a page, and
// cursors and limits are validated.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getIncident, olderEntries, openIncident } from "@/lib/incidents/incidents";
import { decodeCursor, encodeCursor, TIMELINE_PAGE } from "@/lib/incidents/timeline";
import { timelineQuerySchema } from "@/lib/incidents/validation";
import { NotFoundError } from "@/lib/http/errors";
import { sharedIncidentFixture, key } from "./incidents-fixture";

const fx = sharedIncidentFixture();

const open = () =>
  openIncident(
    { runbookSlug: "03-alerta-job-na-dlq", title: "Pagamento na DLQ", idempotencyKey: key("open") },
    fx().users.lucas,
    fx().deps(),
  );

describe("timeline paging", () => {
  test("the view carries the newest page; older pages by cursor cover every entry once, in order", async () => {
    const incident = await open();
    const t0 = fx().clock.now.getTime();
    // 249 more entries; every third pair shares a timestamp, so the id breaks ties.
    await fx().prisma.timelineEntry.createMany({
      data: Array.from({ length: 249 }, (_, i) => ({
        incidentId: incident.id,
        kind: "note" as const,
        actorId: fx().users.lucas.id,
        body: `nota ${i}`,
        createdAt: new Date(t0 + 1000 + Math.floor(i / 2) * 1000),
      })),
    });
    const view = await getIncident(incident.id, fx().deps());
    assert.equal(view.timelineCount, 250);
    assert.equal(view.timeline.length, TIMELINE_PAGE);
    assert.ok(view.olderCursor);

    const all = await fx().prisma.timelineEntry.findMany({
      where: { incidentId: incident.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    assert.deepEqual(
      view.timeline.map((e) => e.id),
      all.slice(-TIMELINE_PAGE).map((e) => e.id),
    );

    const seen = [...view.timeline];
    let cursor: string | null = view.olderCursor;
    let pages = 0;
    while (cursor) {
      const page = await olderEntries(
        incident.id,
        timelineQuerySchema.parse({ before: cursor, limit: "70" }),
        fx().deps(),
      );
      assert.ok(page.entries.length <= 70);
      seen.unshift(...page.entries);
      cursor = page.olderCursor;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(
      seen.map((e) => e.id),
      all.map((e) => e.id),
    );
  });

  test("an entry added meanwhile does not shift the older pages", async () => {
    const incident = await open();
    await fx().prisma.timelineEntry.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        incidentId: incident.id,
        kind: "note" as const,
        body: `n${i}`,
        createdAt: new Date(fx().clock.now.getTime() + (i + 1) * 1000),
      })),
    });
    const view = await getIncident(incident.id, fx().deps());
    await fx().prisma.timelineEntry.create({
      data: {
        incidentId: incident.id,
        kind: "note",
        body: "nova",
        createdAt: new Date(fx().clock.now.getTime() + 999_000),
      },
    });
    const older = await olderEntries(
      incident.id,
      timelineQuerySchema.parse({ before: view.olderCursor! }),
      fx().deps(),
    );
    assert.equal(older.entries.length, 21);
    assert.equal(older.olderCursor, null);
    assert.ok(older.entries.every((e) => !view.timeline.some((v) => v.id === e.id)));
  });

  test("cursors and limits are validated; an unknown incident is 404", async () => {
    const cursor = encodeCursor({ at: "2026-11-25T11:00:00.000Z", id: "00000000-0000-4000-8000-00000000000A" });
    assert.deepEqual(decodeCursor(cursor), {
      at: new Date("2026-11-25T11:00:00.000Z"),
      id: "00000000-0000-4000-8000-00000000000a",
    });
    assert.equal(timelineQuerySchema.parse({}).limit, TIMELINE_PAGE);
    for (const bad of [
      { before: "x" },
      { before: "2026-13-45T99:00:00.000Z_00000000-0000-4000-8000-000000000000" },
      { before: "2026-02-30T00:00:00.000Z_00000000-0000-4000-8000-000000000000" },
      { before: "0000-01-01T00:00:00.000Z_00000000-0000-4000-8000-000000000000" },
      { before: `${cursor}\u0000` },
      { limit: "0" },
      { limit: "201" },
      { limit: "abc" },
      { limit: "1.5" },
    ]) {
      assert.equal(timelineQuerySchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
    await assert.rejects(
      olderEntries("00000000-0000-4000-8000-000000000000", timelineQuerySchema.parse({}), fx().deps()),
      NotFoundError,
    );
    await assert.rejects(olderEntries("nope", timelineQuerySchema.parse({}), fx().deps()), NotFoundError);
  });
});
