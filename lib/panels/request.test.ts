import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { MonitoredQueue } from "@/lib/config";
import { MAX_BATCH } from "./limits";
import { bullBoardUrl, panelBatchUrl, panelQuery, panelUrl } from "./query";
import { parsePanelBatch, parsePanelRequest } from "./request";

const queues: MonitoredQueue[] = [
  { name: "payments", dlq: "payments-dlq", displayName: "Pagamentos" },
  { name: "reports", dlq: null, displayName: "Relatórios" },
];

const parse = (query: string) => parsePanelRequest(new URLSearchParams(query), queues);

describe("GET /api/panels query", () => {
  test("accepts each panel with the directive's own arguments", () => {
    assert.deepEqual(parse("panel=queues"), { ok: true, panel: { type: "queues", args: {} }, page: 0 });
    assert.deepEqual(parse("panel=dlq&queue=payments&page=3"), {
      ok: true,
      panel: { type: "dlq", args: { queue: "payments" } },
      page: 3,
    });
    assert.deepEqual(parse("panel=failed-jobs&queue=payments-dlq&limit=25"), {
      ok: true,
      panel: { type: "failed-jobs", args: { queue: "payments-dlq", limit: 25 } },
      page: 0,
    });
    assert.deepEqual(parse("panel=sentry-issues&query=is%3Aunresolved+level%3Afatal"), {
      ok: true,
      panel: { type: "sentry-issues", args: { query: "is:unresolved level:fatal" } },
      page: 0,
    });
    assert.deepEqual(parse("panel=sentry-performance&threshold=750"), {
      ok: true,
      panel: { type: "sentry-performance", args: { threshold: 750 } },
      page: 0,
    });
    assert.deepEqual(parse("panel=health&warn=100&critical=1000"), {
      ok: true,
      panel: { type: "health", args: { warn: 100, critical: 1000 } },
      page: 0,
    });
    assert.deepEqual(parse("panel=queues&critical=100"), {
      ok: true,
      panel: { type: "queues", args: { critical: 100 } },
      page: 0,
    });
    assert.deepEqual(parse("panel=sentry-performance&threshold=750&period=24h"), {
      ok: true,
      panel: { type: "sentry-performance", args: { threshold: 750, period: "24h" } },
      page: 0,
    });
  });

  test("rejects what a runbook could not contain, with a message that says why", () => {
    const cases: Array<[string, RegExp]> = [
      ["", /falta o parâmetro panel/],
      ["panel=queus", /panel deve ser um de: queues, failed-jobs/],
      ["panel=dlq", /::dlq: falta o argumento queue/],
      ["panel=dlq&queue=nope", /fila "nope" não está configurada/],
      ["panel=dlq&queue=payments-dlq", /já é a DLQ de "payments"/],
      ["panel=dlq&queue=reports", /não tem DLQ configurada/],
      ["panel=dlq&queue=payments&page=-1", /page deve ser um número inteiro/],
      ["panel=dlq&queue=payments&page=abc", /page deve ser um número inteiro/],
      ["panel=dlq&queue=payments&page=100001", /page deve ser no máximo 100000/],
      ["panel=queues&page=2", /page só vale para os painéis failed-jobs e dlq/],
      ["panel=dlq&queue=payments&limit=1000", /limit deve ser um número inteiro de 1 a 100/],
      ["panel=sentry-performance&threshold=rápido", /threshold deve ser um número inteiro/],
      ["panel=sentry-performance&threshold=750&period=2h", /period deve ser 1h, 24h, 7d \(recebeu "2h"\)/],
      ["panel=queues&warn=100&critical=50", /warn \(100\) deve ser menor que critical \(50\)/],
      ["panel=health&warn=-1", /warn deve ser um número inteiro/],
      ["panel=health&verbose=1", /argumento desconhecido: verbose/],
      ["panel=dlq&queue=payments&queue=reports", /parâmetro repetido: queue/],
    ];
    for (const [query, message] of cases) {
      const result = parse(query);
      assert.equal(result.ok, false, query);
      if (!result.ok) assert.match(result.message, message, query);
    }
  });

  test("the URL the browser builds parses back to the same panel", () => {
    const panels = [
      { type: "queues", args: {} },
      { type: "dlq", args: { queue: "payments", limit: 5 } },
      { type: "sentry-issues", args: { query: 'is:unresolved transaction:"POST /api/x"' } },
      { type: "sentry-performance", args: { threshold: 750, transaction: "GET /a b" } },
    ] as const;
    for (const panel of panels) {
      const result = parsePanelRequest(new URLSearchParams(panelQuery(panel, panel.type === "dlq" ? 4 : 0)), queues);
      assert.deepEqual(result, { ok: true, panel, page: panel.type === "dlq" ? 4 : 0 });
    }
    assert.equal(
      panelUrl({ type: "dlq", args: { queue: "payments" } }, 2),
      "/api/panels?panel=dlq&queue=payments&page=2",
    );
  });

  test("Bull Board links escape queue names and job ids", () => {
    assert.equal(bullBoardUrl("payments-dlq", "payments-42"), "/admin/queues/queue/payments-dlq/payments-42");
    assert.equal(bullBoardUrl("a b", "x/y"), "/admin/queues/queue/a%20b/x%2Fy");
    assert.equal(bullBoardUrl("reports"), "/admin/queues/queue/reports");
  });
});

describe("GET /api/panels/batch query", () => {
  const batch = (url: string) => parsePanelBatch(new URL(url, "http://portal").searchParams, queues);

  test("the browser's URL parses back to the same panels and pages, in order", () => {
    const requests = [
      { panel: { type: "dlq", args: { queue: "payments" } }, page: 2 },
      { panel: { type: "queues", args: {} }, page: 0 },
      { panel: { type: "sentry-issues", args: { query: "is:unresolved level:fatal&x=1" } }, page: 0 },
    ] as const;
    const url = panelBatchUrl(requests);
    assert.match(url, /^\/api\/panels\/batch\?p=panel%3Ddlq%26queue%3Dpayments%26page%3D2&p=panel%3Dqueues&p=/);
    assert.deepEqual(batch(url), { ok: true, panels: requests });
  });

  test("one bad entry refuses the batch and names it; other parameters, none or too many are refused", () => {
    const bad = batch("/api/panels/batch?p=panel%3Dqueues&p=panel%3Ddlq%26queue%3Dnope");
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.message : "", /^p\[1\]: ::dlq: .*nope/);
    assert.match(JSON.stringify(batch("/api/panels/batch")), /falta o parâmetro p/);
    assert.match(
      JSON.stringify(batch("/api/panels/batch?p=panel%3Dqueues&panel=queues")),
      /parâmetro desconhecido: panel/,
    );
    const many = `/api/panels/batch?${Array.from({ length: MAX_BATCH + 1 }, () => "p=panel%3Dqueues").join("&")}`;
    assert.match(JSON.stringify(batch(many)), new RegExp(`no máximo ${MAX_BATCH} painéis`));
    assert.equal(
      batch(`/api/panels/batch?${Array.from({ length: MAX_BATCH }, () => "p=panel%3Dqueues").join("&")}`).ok,
      true,
    );
  });
});
