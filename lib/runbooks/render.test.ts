import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../config";
import { renderedToHtml, renderRunbook } from "./render";

const FIXTURES = join(import.meta.dirname, "../../tests/fixtures/runbooks");
const QUEUES = parseConfig({}).queues;
const META =
  "---\ntitle: t\nsummary: s\nkind: procedure\nowner: o\nreview:\n  every: yearly\n  last: 2026-01-01\n---\n";

function html(body: string, options = {}): string {
  return renderedToHtml(renderRunbook(META + body, "x.md", { queues: QUEUES, ...options }).rendered);
}

test("raw HTML is shown as inert text, never as elements", () => {
  const out = html(
    '\n<script>alert("x")</script>\n\nTexto <img src=x onerror="alert(1)"> e <b>negrito</b>.\n\n<iframe src="https://evil"></iframe>\n',
  );
  assert.doesNotMatch(out, /<script/i);
  assert.doesNotMatch(out, /<img/i);
  assert.doesNotMatch(out, /<iframe/i);
  assert.doesNotMatch(out, /<b>/);
  assert.match(out, /&#x3C;script>alert\("x"\)&#x3C;\/script>/);
  assert.match(out, /&#x3C;img src=x onerror="alert\(1\)">/);
});

test("javascript: and other unsafe links lose their href", () => {
  const out = html(
    [
      "",
      "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](&#106;avascript:alert(3)) [d][ref] [e](data:text/html,<script>x</script>) [f](vbscript:x)",
      "",
      "[ref]: JAVASCRIPT:alert(4)",
      "",
      "![img](javascript:alert(5))",
    ].join("\n"),
  );
  assert.doesNotMatch(out, /javascript:/i);
  assert.doesNotMatch(out, /data:text/i);
  assert.doesNotMatch(out, /vbscript/i);
  assert.equal((out.match(/<a>/g) ?? []).length, 6, out);
});

test("external links open in a new tab without opener; portal and runbook links stay in place", () => {
  const out = html(
    "\n[Sentry](https://sentry.io/issues) [Bull Board](/admin/queues) [DLQ](./03-alerta-job-na-dlq.md#decisão) [topo](#intro) [script](../scripts/backup.sh) [mail](mailto:ops@example.com)\n",
  );
  assert.match(out, /<a href="https:\/\/sentry.io\/issues" target="_blank" rel="noopener noreferrer">Sentry<\/a>/);
  assert.match(out, /<a href="\/admin\/queues">Bull Board<\/a>/);
  assert.match(out, /<a href="\/runbooks\/03-alerta-job-na-dlq#decis%C3%A3o">DLQ<\/a>/);
  assert.match(out, /<a href="#intro">topo<\/a>/);
  assert.match(out, /<span title="Arquivo do repositório: ..\/scripts\/backup.sh">script<\/span>/);
  assert.match(out, /<a href="mailto:ops@example.com">mail<\/a>/);
  const custom = html("\n[x](02-y.md)\n", { runbookHref: (slug: string) => `/rb/${slug}` });
  assert.match(custom, /<a href="\/rb\/02-y">x<\/a>/);
});

test("panel directives become runbook-panel elements; bad ones carry the error", () => {
  const { rendered } = renderRunbook(
    `${META}\n::dlq{queue="payments"}\n\n::failed-jobs{queue="xyz"}\n\n::nope\n\n:::bloco\nconteúdo preservado\n:::\n`,
    "x.md",
    { queues: QUEUES },
  );
  const out = renderedToHtml(rendered);
  assert.match(
    out,
    /<runbook-panel data-panel="dlq" data-args="{&#x22;queue&#x22;:&#x22;payments&#x22;}" data-panel-index="0" data-line="11"><\/runbook-panel>/,
  );
  assert.match(
    out,
    /<runbook-panel data-panel="failed-jobs" data-error="fila &#x22;xyz&#x22; não está configurada[^"]*" data-line="13">/,
  );
  assert.match(out, /<runbook-panel data-panel="nope" data-error="painel desconhecido[^"]*" data-line="15">/);
  assert.match(
    out,
    /<runbook-panel data-panel="bloco" data-error="blocos[^"]*" data-line="17"><\/runbook-panel>\n?<p>conteúdo preservado<\/p>/,
  );
  assert.deepEqual(rendered.panels, [{ type: "dlq", args: { queue: "payments" }, line: 11 }]);
});

test("checklist items carry their id and optional flag, without GFM's checkbox or the {#...} marker", () => {
  const out = html(
    "\n- [ ] Conferir filas {#filas}\n- [x] Conferir DLQ {#dlq optional}\n- [ ] Texto `com código`\n\n1. passo normal\n",
  );
  assert.match(
    out,
    /<li class="task-list-item" data-item-id="filas" data-optional="false" data-line="11">Conferir filas<\/li>/,
  );
  assert.match(
    out,
    /<li class="task-list-item" data-item-id="dlq" data-optional="true" data-line="12">Conferir DLQ<\/li>/,
  );
  assert.match(out, /data-item-id="texto-com-código"/);
  assert.doesNotMatch(out, /<input/);
  assert.doesNotMatch(out, /\{#/);
  assert.match(out, /<li>passo normal<\/li>/);
});

test("loose task lists lose the checkbox inside the paragraph too", () => {
  const out = html("\n- [ ] Primeiro {#a}\n\n- [ ] Segundo {#b}\n");
  assert.match(out, /data-item-id="a"[^>]*>\n?<p>Primeiro<\/p>/);
  assert.doesNotMatch(out, /<input/);
});

test("code blocks keep their language class; tables render", () => {
  const out = html("\n```bash\n./scripts/backup.sh\n```\n\n| a | b |\n| - | -: |\n| 1 | 2 |\n");
  assert.match(out, /<pre><code class="language-bash">.\/scripts\/backup.sh\n<\/code><\/pre>/);
  assert.match(out, /<table>/);
  assert.match(out, /<td align="right">2<\/td>/);
});

test("headings get rehype-slug ids and a table of contents; ids are stable across renders", () => {
  const source = readFileSync(join(FIXTURES, "good/01-checklist-ok.md"), "utf8");
  const first = renderRunbook(source, "01-checklist-ok.md", { queues: QUEUES });
  const second = renderRunbook(source, "01-checklist-ok.md", { queues: QUEUES });
  assert.deepEqual(
    first.rendered.toc.map((entry) => entry.id),
    ["monitoramento-diário", "itens"],
  );
  assert.deepEqual(
    first.parsed.headings.map((h) => h.id),
    first.rendered.toc.map((entry) => entry.id),
  );
  assert.match(renderedToHtml(first.rendered), /<h2 id="itens">Itens<\/h2>/);
  assert.equal(renderedToHtml(first.rendered), renderedToHtml(second.rendered));

  const repeated = html("\n## Passos\n\n## Passos\n\n### Ação e reação\n");
  assert.match(repeated, /<h2 id="passos">Passos<\/h2>\n<h2 id="passos-1">Passos<\/h2>\n<h3 id="ação-e-reação">/);
});

test("footnotes link to their notes", () => {
  const out = html("\nTexto[^1].\n\n[^1]: A nota.\n");
  assert.match(out, /<a href="#user-content-fn-1" id="user-content-fnref-1"/);
  assert.match(out, /<li id="user-content-fn-1">/);
});

test("a panel's limits=\"<id>\" becomes its warn and critical, from this runbook or the library's", () => {
  const source = `---
title: "Fila"
summary: "Teste."
kind: alert
severity: P2
owner: "Operações"
system: platform
review:
  every: monthly
  last: 2026-11-01
limits:
  aguardando:
    label: "Jobs aguardando"
    warn: 50
    critical: 100
---

::queues{limits="aguardando"}

::dlq{queue="payments" limits="dlq"}
`;
  const queues = parseConfig({}).queues;
  const dlq = {
    id: "dlq",
    slug: "03-x",
    title: "DLQ",
    limit: { label: "DLQ", unit: "", direction: "above" as const, critical: 0 },
  };
  const { rendered } = renderRunbook(source, "13-fila.md", { queues, libraryLimits: [dlq] });
  assert.deepEqual(
    rendered.panels.map((panel) => panel.args),
    [
      { warn: 50, critical: 100 },
      { queue: "payments", critical: 0 },
    ],
  );
});
