import assert from "node:assert/strict";
import { test } from "node:test";
import type { PlacedPanel, RunbookHeading, RunbookItem } from "@/lib/runbooks/types";
import { evidenceFor, forgetPanel, reportPanel } from "./evidence";
import { backoffMs } from "./queue";
import { evidencePanels } from "./sections";

const item = (id: string, line: number): RunbookItem => ({ id, text: id, optional: false, explicitId: true, line });
const heading = (line: number): RunbookHeading => ({ depth: 2, text: `h${line}`, id: `h${line}`, line });
const panel = (line: number, queue: string): PlacedPanel => ({ type: "dlq", args: { queue }, line }) as PlacedPanel;

test("an item's evidence: the panels after it up to the next item or heading, else its section's", () => {
  const items = [item("a", 3), item("b", 6), item("c", 12), item("d", 20)];
  const panels = [panel(4, "p0"), panel(5, "p1"), panel(7, "p2"), panel(14, "p3")];
  const headings = [heading(1), heading(10), heading(18)];
  const map = evidencePanels(items, panels, headings);
  assert.deepEqual(map.get("a"), ["panel-0", "panel-1"]);
  assert.deepEqual(map.get("b"), ["panel-2"]);
  assert.deepEqual(map.get("c"), ["panel-3"]);
  assert.deepEqual(map.get("d"), []);
  // An item below its section's only panel takes that panel.
  const below = evidencePanels([item("x", 5), item("y", 8)], [panel(6, "q")], [heading(1)]);
  assert.deepEqual(below.get("y"), ["panel-0"]);
});

test("evidence is what the registered panels show, cut to stay under the size limit", () => {
  const jobs = Array.from({ length: 200 }, (_, i) => ({ id: String(i), error: "x".repeat(1000) }));
  reportPanel("panel-9", { type: "dlq", args: { queue: "payments" } } as never, {
    status: "ok",
    fetchedAt: "2026-11-25T12:00:00.000Z",
    data: { total: 200, jobs },
  });
  try {
    const evidence = evidenceFor(["panel-9", "panel-missing"]) as Record<
      string,
      { panel: string; data: { total: number; jobs: unknown[] } }
    >;
    assert.equal(evidence["panel-9"]!.panel, "dlq");
    assert.equal(evidence["panel-9"]!.data.total, 200);
    assert.ok(new TextEncoder().encode(JSON.stringify(evidence)).length <= 12_000);
    assert.equal(evidence["panel-missing"], undefined);
  } finally {
    forgetPanel("panel-9");
  }
  assert.equal(evidenceFor(["panel-9"]), null);
});

test("retries back off from 1 s to 15 s, and honour a longer Retry-After", () => {
  assert.equal(backoffMs(1, null), 1000);
  assert.equal(backoffMs(3, null), 4000);
  assert.equal(backoffMs(10, null), 15_000);
  assert.equal(backoffMs(1, 2), 2000);
});
