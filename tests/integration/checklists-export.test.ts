// CSV exports: content and escaping on a small run, then a 50 000-row export that must arrive as a
// stream (chunks long before the end, one batch in memory at a time).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { csvCell } from "@/lib/checklists/csv";
import { exportChecklistCsv, RUN_COLUMNS, TICK_COLUMNS } from "@/lib/checklists/export";
import { parseExportQuery } from "@/lib/checklists/history-filter";
import { openCurrentRun } from "@/lib/checklists/runs";
import { api } from "@/lib/http/contracts";
import { admit } from "@/lib/http/route";
import { ForbiddenError } from "@/lib/http/errors";
import { createFixture, DAILY, type Fixture, key, tickAs } from "./checklists-fixture";

let fx: Fixture;
before(async () => {
  fx = await createFixture();
});
after(async () => {
  await fx?.close();
});

/** RFC 4180 reader for the assertions (quotes, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM keeps the byte-order mark in the text, so the test can see it is there.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

const clock = () => ({ now: fx.clock.now, timeZone: "America/Sao_Paulo" });

describe("CSV cells", () => {
  test("quotes, doubles quotes, and defuses formulas", () => {
    assert.equal(csvCell("simples"), "simples");
    assert.equal(csvCell('diz "oi", tchau'), '"diz ""oi"", tchau"');
    assert.equal(csvCell("linha 1\nlinha 2"), '"linha 1\nlinha 2"');
    for (const f of ["=1+1", "+55 11", "-2", "@SUM(A1)", "\tx", "\rx"])
      assert.ok(csvCell(f).replace(/^"/, "").startsWith("'"), f);
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell(-2), "-2");
    assert.equal(csvCell(null), "");
    assert.equal(csvCell(true), "true");
  });
});

describe("exports", () => {
  test("ticks and runs of a range, escaped, with local times", async () => {
    fx.clock.now = new Date("2026-11-25T11:00:00Z");
    const run = await openCurrentRun(DAILY.slug, fx.deps());
    await tickAs(
      run.id,
      {
        itemId: "filas",
        note: '=HYPERLINK("http://evil","x")',
        evidence: { waiting: { payments: 3 } },
        idempotencyKey: key(),
      },
      fx.users.lucas,
      fx.deps(),
    );
    fx.clock.now = new Date("2026-11-25T11:05:00Z");
    await tickAs(
      run.id,
      { itemId: "dlq", note: 'linha 1\r\nlinha, 2 "aspas"', idempotencyKey: key() },
      fx.users.marcos,
      fx.deps(),
    );

    const ticks = await exportChecklistCsv(
      parseExportQuery({ kind: "ticks", from: "2026-11-25", to: "2026-11-25" }, clock()),
      fx.deps(),
    );
    assert.equal(ticks.filename, "checklists-ticks-2026-11-25_2026-11-25.csv");
    const text = await readAll(ticks.stream);
    assert.ok(text.startsWith("\uFEFF"), "starts with a BOM");
    const rows = parseCsv(text.slice(1));
    assert.deepEqual(rows[0], [...TICK_COLUMNS]);
    assert.equal(rows.length, 3);
    const col = (row: string[], name: (typeof TICK_COLUMNS)[number]) => row[TICK_COLUMNS.indexOf(name)];
    assert.equal(col(rows[1]!, "note"), `'=HYPERLINK("http://evil","x")`);
    assert.equal(col(rows[1]!, "evidence"), '{"waiting": {"payments": 3}}');
    assert.equal(col(rows[1]!, "at_local"), "2026-11-25 08:00:00");
    assert.equal(col(rows[1]!, "at_utc"), "2026-11-25T11:00:00.000Z");
    assert.equal(col(rows[1]!, "actor_email"), "lucas@example.com");
    assert.equal(col(rows[2]!, "note"), 'linha 1\r\nlinha, 2 "aspas"');
    assert.equal(col(rows[2]!, "item_required"), "true");

    const byPerson = parseCsv(
      (
        await readAll(
          (
            await exportChecklistCsv(
              parseExportQuery(
                { kind: "ticks", person: fx.users.marcos.id, from: "2026-11-25", to: "2026-11-25" },
                clock(),
              ),
              fx.deps(),
            )
          ).stream,
        )
      ).slice(1),
    );
    assert.deepEqual(
      byPerson.slice(1).map((r) => col(r, "actor_name")),
      ["marcos"],
    );

    const runs = parseCsv(
      (
        await readAll(
          (
            await exportChecklistCsv(
              parseExportQuery({ kind: "runs", from: "2026-11-25", to: "2026-11-25" }, clock()),
              fx.deps(),
            )
          ).stream,
        )
      ).slice(1),
    );
    assert.deepEqual(runs[0], [...RUN_COLUMNS]);
    assert.equal(runs.length, 2);
    const r = Object.fromEntries(RUN_COLUMNS.map((c, i) => [c, runs[1]![i]]));
    assert.deepEqual(
      [
        r.checklist,
        r.period,
        r.status,
        r.deadline_local,
        r.started_local,
        r.required_total,
        r.required_ticked,
        r.optional_total,
        r.rows,
      ],
      [DAILY.slug, "2026-11-25", "open", "2026-11-25 10:00:00", "2026-11-25 08:00:00", "3", "2", "1", "2"],
    );
  });

  test("needs reports:read", async () => {
    await assert.rejects(async () => admit(api.checklistExport, fx.users.lucas, {}), ForbiddenError);
  });

  test("50 000 ticks stream out batch by batch", async () => {
    // 2 000 daily runs of 25 ticks each, written by SQL (generate_series) for speed.
    await fx.prisma.$executeRaw`
      INSERT INTO checklist_runs (id, runbook_slug, runbook_version, cadence, period_key, required_items, deadline_at, created_at)
      SELECT gen_random_uuid(), 'zz-volume', 'v1', 'daily', to_char(date '2020-01-01' + g, 'YYYY-MM-DD'),
             ARRAY(SELECT 'item-' || i FROM generate_series(1, 25) i), NULL, now()
        FROM generate_series(0, 1999) g`;
    await fx.prisma.$executeRaw`
      INSERT INTO checklist_ticks (id, run_id, item_id, action, actor_id, note, evidence, idempotency_key, created_at)
      SELECT gen_random_uuid(), r.id, 'item-' || i, 'tick', ${fx.users.lucas.id}::uuid,
             CASE WHEN i % 5 = 0 THEN 'nota, com "aspas"' END, jsonb_build_object('n', i), r.id || ':' || i,
             to_date(r.period_key, 'YYYY-MM-DD') + make_interval(mins => 600 + i)
        FROM checklist_runs r CROSS JOIN generate_series(1, 25) i
       WHERE r.runbook_slug = 'zz-volume'`;

    const batches: number[] = [];
    const filter = parseExportQuery(
      { kind: "ticks", checklist: "zz-volume", from: "2020-01-01", to: "2025-06-22" },
      clock(),
    );
    const { stream } = await exportChecklistCsv(filter, fx.deps(), {
      batchSize: 100,
      onBatch: (b) => batches.push(b.rows),
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let chunks = 0;
    let lines = 0;
    let batchesAtFirstData = -1;
    let heapPeak = 0;
    const heapStart = process.memoryUsage().heapUsed;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      const text = decoder.decode(value, { stream: true });
      lines += (text.match(/\r\n(?=[a-z0-9]|$)/g) ?? []).length;
      if (chunks === 2) batchesAtFirstData = batches.length;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapStart);
    }
    assert.equal(
      batches.reduce((a, b) => a + b, 0),
      50_000,
    );
    assert.equal(lines, 50_001, "header + 50 000 rows");
    assert.ok(chunks >= 20, `expected one chunk per batch, got ${chunks}`);
    // Pull-based: when the first rows arrive, at most one batch beyond them has been read.
    assert.ok(
      batchesAtFirstData >= 1 && batchesAtFirstData <= 2,
      `batches read before the first rows were consumed: ${batchesAtFirstData}`,
    );
    assert.ok(heapPeak < 64 * 1024 * 1024, `heap grew by ${Math.round(heapPeak / 1048576)} MiB`);
  });
});
