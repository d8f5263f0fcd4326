import { test } from "node:test";
import assert from "node:assert/strict";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { PanelSnapshot, PanelSpec } from "@/lib/panels/types";
import { LivePanel } from "./LivePanel";

// A panel's frame as the server renders it: the "live" mark only where something is live, and a
// panel that is not set up speaks to its reader, not in the environment's variable names.

const FETCHED = "2026-12-07T10:00:00.000Z";
const render = (panel: PanelSpec, initial: PanelSnapshot) =>
  renderToStaticMarkup(createElement(LivePanel, { panel, initial, locale: "pt-BR", timeZone: "America/Sao_Paulo" }));

test("a Sentry panel that is not configured wears no live mark nor a refresh button, and keeps the variable names in a closed disclosure", () => {
  const html = render(
    { type: "sentry-performance", args: { threshold: 500 } },
    {
      status: "error",
      fetchedAt: FETCHED,
      error: {
        source: "sentry",
        code: "not_configured",
        message: "Sentry não configurado",
        missing: ["SENTRY_ORG", "SENTRY_AUTH_TOKEN"],
      },
    },
  );
  assert.doesNotMatch(html, /Ao vivo/);
  assert.doesNotMatch(html, />Atualizar</);
  assert.match(html, /Sentry não configurado/);
  assert.match(html, /Este portal ainda não está ligado ao Sentry/);
  const closed =
    /<details class="[^"]*"><summary[^>]*>Como configurar \(administração\)<\/summary><p[^>]*>([^<]*)<\/p><\/details>/.exec(
      html,
    );
  assert.ok(closed, "the setup text sits in a closed <details>");
  assert.match(closed[1]!, /SENTRY_ORG, SENTRY_AUTH_TOKEN/);
  // Outside that disclosure no variable name is spoken.
  assert.doesNotMatch(html.replace(closed[0], ""), /SENTRY_/);
});

test("a panel whose source failed right now is still live: marked, with the failure said", () => {
  const html = render(
    { type: "sentry-issues", args: { query: "is:unresolved" } },
    {
      status: "error",
      fetchedAt: FETCHED,
      error: { source: "sentry", code: "timeout", message: "Sentry não respondeu em 2 s" },
    },
  );
  assert.match(html, /Ao vivo/);
  assert.match(html, />Atualizar</);
  assert.match(html, /Sentry não respondeu em 2 s/);
});
