import { test } from "node:test";
import assert from "node:assert/strict";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { DataTable, type Column } from "./DataTable";

// The primitives are rendered to HTML as the server sends them: what matters is the markup a
// screen reader, a phone and the browser tests rely on.

interface Row {
  name: string;
  failed: number;
}

const ROWS: Row[] = [
  { name: "payments", failed: 3 },
  { name: "emails", failed: 0 },
];

const COLUMNS: Array<Column<Row>> = [
  {
    key: "queue",
    header: "Fila",
    rowHeader: true,
    cell: (row) => createElement("a", { href: `/q/${row.name}` }, row.name),
  },
  {
    key: "failed",
    header: "Falhados",
    align: "right",
    className: (row) => (row.failed > 0 ? "text-red-700" : undefined),
    cell: (row) => row.failed,
  },
  { key: "extra", header: "Extra", hideOnPhone: true, cell: () => "x" },
];

const table = (props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(
    createElement(DataTable<Row>, {
      columns: COLUMNS,
      rows: ROWS,
      rowKey: (row: Row) => row.name,
      label: "Filas",
      rowProps: (row: Row) => ({ "data-queue": row.name }),
      "data-testid": "queues",
      ...props,
    }),
  );

const cells = (html: string, tag: "th" | "td") =>
  [...html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>(.*?)</${tag}>`, "g"))].map((m) => ({
    attrs: m[1] ?? "",
    body: m[2]!,
  }));

test("DataTable: column headers are scoped, the naming column is a row header, cells come from the columns", () => {
  const html = table();
  const headers = cells(html, "th");
  const columnHeaders = headers.filter((h) => h.attrs.includes('scope="col"'));
  assert.deepEqual(
    columnHeaders.map((h) => h.body),
    ["Fila", "Falhados", "Extra"],
  );
  const rowHeaders = headers.filter((h) => h.attrs.includes('scope="row"'));
  assert.deepEqual(
    rowHeaders.map((h) => h.body),
    ['<a href="/q/payments">payments</a>', '<a href="/q/emails">emails</a>'],
  );
  // Two data cells per row; the row header is not one of them.
  const data = cells(html, "td");
  assert.deepEqual(
    data.map((d) => d.body),
    ["3", "x", "0", "x"],
  );
  assert.match(html, /<tr class="[^"]*" data-queue="payments">/);
  assert.match(html, /<table class="w-full text-sm" data-testid="queues">/);
});

test("DataTable: alignment, per-row classes and phone-hidden columns reach the cells and their header", () => {
  const html = table();
  const [payments, emails] = cells(html, "td").filter((d) => d.attrs.includes('data-col="failed"'));
  assert.match(payments!.attrs, /text-right tabular-nums/);
  assert.match(payments!.attrs, /text-red-700/);
  assert.doesNotMatch(emails!.attrs, /text-red-700/);
  const failedHeader = cells(html, "th").find((h) => h.body === "Falhados")!;
  assert.match(failedHeader.attrs, /text-right/);
  assert.doesNotMatch(failedHeader.attrs, /text-red-700/, "a per-row class stays off the header");
  for (const cell of [
    ...cells(html, "td").filter((d) => d.attrs.includes('data-col="extra"')),
    cells(html, "th").find((h) => h.body === "Extra")!,
  ]) {
    assert.match(cell.attrs, /hidden sm:table-cell/);
  }
});

test("DataTable: on a phone the table scrolls inside a named, focusable region with a scroll cue", () => {
  const html = table({ minWidth: "min-w-[30rem]" });
  assert.match(
    html,
    /^<div role="region" aria-label="Filas" tabindex="0" class="(?=[^"]*\bscroll-cue\b)(?=[^"]*\boverflow-x-auto\b)[^"]*">/,
  );
  assert.match(html, /<table class="w-full text-sm min-w-\[30rem\]"/);
  const framed = table({ frame: "framed" });
  assert.match(framed, /^<div class="rounded-md border border-slate-200 bg-white[^"]*"><div role="region"/);
});

test("DataTable: no rows shows the empty message instead of a table, and an empty table without one", () => {
  const empty = table({ rows: [], empty: "Nada por aqui." });
  assert.doesNotMatch(empty, /<table/);
  assert.match(empty, /^<p class="text-sm text-slate-600">Nada por aqui\.<\/p>$/);
  const framed = table({ rows: [], empty: "Nada.", frame: "framed" });
  assert.match(framed, /^<p class="rounded-md border border-slate-200 bg-white p-4 text-slate-600">Nada\.<\/p>$/);
  const bare = table({ rows: [] });
  assert.match(bare, /<tbody><\/tbody>/);
});

test("Button: type button unless told, a keyboard focus ring, variants and extra classes", () => {
  const plain = renderToStaticMarkup(createElement(Button, null, "Salvar"));
  assert.match(plain, /^<button type="button" class="[^"]*focus-visible:outline-2[^"]*">Salvar<\/button>$/);
  const submit = renderToStaticMarkup(
    createElement(Button, { type: "submit", variant: "primary", className: "w-full", disabled: true }, "Entrar"),
  );
  assert.match(submit, /type="submit"/);
  assert.match(submit, /bg-blue-700/);
  assert.match(submit, /w-full/);
  assert.match(submit, /disabled=""/);
});

test("Alert: the role is the caller's, inline alerts drop the box", () => {
  const render = (props: Parameters<typeof Alert>[0]) => renderToStaticMarkup(createElement(Alert, props));
  const box = render({ tone: "error", role: "alert", children: "Falhou" as ReactNode });
  assert.match(box, /^<div role="alert" class="[^"]*border[^"]*bg-red-50[^"]*">Falhou<\/div>$/);
  const inline = render({ tone: "warning", role: "status", inline: true, size: "sm", children: "Atrasado" });
  assert.match(inline, /^<div role="status" class="text-amber-800 text-xs">Atrasado<\/div>$/);
  const note = render({ tone: "info", role: "note", borderless: true, children: "Nota", "data-x": "1" });
  assert.doesNotMatch(note, / border /);
  assert.match(note, /data-x="1"/);
});
