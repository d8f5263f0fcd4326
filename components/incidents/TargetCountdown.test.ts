import { test } from "node:test";
import assert from "node:assert/strict";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { TargetCountdown } from "./TargetCountdown";

// The countdown's clock is an inline SVG: the ⏱ glyph needs an emoji font, and without one the
// browser draws an empty box in front of the time left.

test("a running response target draws its clock as an inline SVG, not as an emoji", () => {
  const now = new Date("2026-12-07T10:00:00.000Z");
  const html = renderToStaticMarkup(
    createElement(TargetCountdown, {
      target: {
        targetMinutes: 15,
        countsFrom: now.toISOString(),
        dueAt: new Date(now.getTime() + 10 * 60_000).toISOString(),
        respondedAt: null,
        breached: false,
        remainingMs: 10 * 60_000,
      },
      locale: "pt-BR",
      serverNow: now.toISOString(),
    }),
  );
  assert.match(html, /data-target="running"/);
  assert.match(html, /role="timer"/);
  assert.match(html, /<svg aria-hidden="true" focusable="false"[^>]*data-icon="clock"/);
  assert.doesNotMatch(html, /\u23f1/);
  assert.match(html, /(9|10) min/);
});
