import { test } from "node:test";
import assert from "node:assert/strict";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { RunbookContent } from "../../components/runbook/RunbookContent";
import { RunbookToc } from "../../components/runbook/RunbookToc";
import { contentSegments } from "../../components/runbook/segments";
import { parseConfig } from "../config";
import { renderRunbook } from "./render";
import type { PlacedPanel, RunbookItem } from "./types";

// The React side of the renderer: panels and items go through the render props, bad
// directives become an error box, code blocks get a copy button — and nothing throws.

const QUEUES = parseConfig({}).queues;
const SOURCE = [
  "---",
  "title: t",
  "summary: s",
  "kind: checklist",
  "cadence: daily",
  "owner: o",
  "review:",
  "  every: yearly",
  "  last: 2026-01-01",
  "---",
  "",
  "## Filas",
  "",
  '::dlq{queue="payments"}',
  "",
  '::dlq{queue="xyz"}',
  "",
  "- [ ] Conferir a DLQ {#conferir-dlq optional}",
  "",
  "```bash",
  "echo '<ok>'",
  "```",
  "",
  "<script>alert(1)</script>",
].join("\n");

const { rendered } = renderRunbook(SOURCE, "x.md", { queues: QUEUES });

// The text blocks are serialised by hast-util-to-html and the live ones by React, so the
// patterns accept either spelling of the same HTML (`disabled` / `disabled=""`, `&lt;` / `&#x3C;`).
const LT = "(?:&lt;|&#x3C;)";

test("defaults: placeholder panel, error box, disabled checkbox, copy button, heading anchor", () => {
  const html = renderToStaticMarkup(createElement(RunbookContent, { rendered }));
  assert.match(html, /Painel: DLQ/);
  assert.match(
    html,
    /role="alert"[^>]*><strong[^>]*>Painel inválido:<\/strong> fila &quot;xyz&quot; não está configurada/,
  );
  assert.match(
    html,
    /<li data-item-id="conferir-dlq" data-optional="true"[^>]*><div[^>]*><input type="checkbox" disabled(="")? aria-label="Conferir a DLQ"/,
  );
  assert.match(html, /opcional/);
  assert.match(html, /<button type="button" data-copy-button[^>]*>Copiar<\/button>/);
  assert.match(
    html,
    new RegExp(`<code class="language-bash[^"]*">echo (?:'|&#x27;)${LT}ok(?:>|&gt;)(?:'|&#x27;)\n</code>`),
  );
  assert.match(html, /<h2 id="filas"[^>]*>Filas<a href="#filas" aria-label="Link para esta seção"/);
  assert.doesNotMatch(html, /<script/);
  assert.match(html, new RegExp(`${LT}script(?:>|&gt;)alert\\(1\\)${LT}/script`));
});

test("text blocks are HTML built once per tree; blocks with a panel or a tickable item stay live", () => {
  const staticItems = contentSegments(rendered, { staticItems: true });
  assert.equal(
    contentSegments(rendered, { staticItems: true }),
    staticItems,
    "the second call is served from the cache",
  );
  // heading | the two panel directives | list + code + paragraph
  assert.deepEqual(
    staticItems.map((segment) => segment.kind),
    ["html", "live", "live", "html"],
  );
  const tickable = contentSegments(rendered, { staticItems: false });
  assert.deepEqual(
    tickable.map((segment) => segment.kind),
    ["html", "live", "live", "live", "html"],
  );
  const html = staticItems.map((segment) => (segment.kind === "html" ? segment.html : "")).join("");
  assert.doesNotMatch(html, /runbook-panel/);
  assert.match(html, /data-item-id="conferir-dlq"/);
});

test("render props receive typed panels and items", () => {
  const panels: PlacedPanel[] = [];
  const items: RunbookItem[] = [];
  const html = renderToStaticMarkup(
    createElement(RunbookContent, {
      rendered,
      renderPanel: (panel) => {
        panels.push(panel);
        return createElement("section", { "data-live": panel.type }, panel.type === "dlq" ? panel.args.queue : "");
      },
      renderItem: (item, children) => {
        items.push(item);
        return createElement("label", null, createElement("input", { type: "checkbox", name: item.id }), children);
      },
      renderPanelError: (error) =>
        createElement("p", { className: "erro" }, `${error.panel}@${error.line}: ${error.message}`),
    }),
  );
  assert.deepEqual(panels, [{ type: "dlq", args: { queue: "payments" }, line: 14 }]);
  assert.deepEqual(
    items.map((item) => item.id),
    ["conferir-dlq"],
  );
  assert.match(html, /<section data-live="dlq">payments<\/section>/);
  assert.match(html, /<label><input type="checkbox" name="conferir-dlq"\/>Conferir a DLQ<\/label>/);
  assert.match(html, /<p class="erro">dlq@16: fila &quot;xyz&quot;/);
});

test("the table of contents links to the heading ids", () => {
  const html = renderToStaticMarkup(createElement(RunbookToc, { toc: rendered.toc }));
  assert.match(html, /<a href="#filas"[^>]*>Filas<\/a>/);
  assert.equal(renderToStaticMarkup(createElement(RunbookToc, { toc: [] })), "");
});
