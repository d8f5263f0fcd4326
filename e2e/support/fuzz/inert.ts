import type { BrowserContext, Page } from "@playwright/test";
import { PWNED_MARK } from "./hostile";

// Whether a page showed stored input as markup. Two independent signals: a payload that ran
// (it sets window.__pwned or opens a dialog — caught by a trap installed before any page script),
// and a payload that was parsed into the DOM even if nothing ran it (an on* attribute, a
// javascript:/data: URL or a <script> carrying the marker). Pages are loaded with the CSP
// bypassed, so the check is about escaping, not about the CSP catching what escaping missed.

declare global {
  interface Window {
    __fuzzFindings?: string[];
  }
}

/** Installed before every document (and frame) runs its own scripts; frames report to the top. */
function installTrap(mark: string): void {
  let sink: string[];
  try {
    sink = window.top!.__fuzzFindings ??= [];
  } catch {
    sink = window.__fuzzFindings ??= [];
  }
  const record = (what: string) => sink.push(`${what} (${location.href.slice(0, 120)})`);
  Object.defineProperty(window, mark, {
    configurable: true,
    get: () => undefined,
    set: () => record(`window.${mark} was set`),
  });
  for (const name of ["alert", "confirm", "prompt"] as const) {
    Object.defineProperty(window, name, {
      configurable: true,
      value: (message?: unknown) => record(`${name}(${String(message).slice(0, 60)}) was called`),
    });
  }
}

export async function armContext(context: BrowserContext): Promise<void> {
  await context.addInitScript(installTrap, PWNED_MARK);
}

/** Markup in the DOM that came from stored input (it carries the marker) and could run. */
function scanDom(mark: string): string[] {
  const found: string[] = [];
  const urlAttributes = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"]);
  for (const el of Array.from(document.querySelectorAll("*"))) {
    const tag = el.tagName.toLowerCase();
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (!attr.value.includes(mark)) continue;
      if (name.startsWith("on")) found.push(`<${tag} ${name}="${attr.value.slice(0, 80)}">`);
      // Browsers ignore leading control characters and spaces in a URL ("\tjavascript:…" still runs).
      const url = Array.from(attr.value)
        .filter((ch) => ch.charCodeAt(0) > 0x20)
        .join("")
        .toLowerCase();
      if (urlAttributes.has(name) && (name === "srcdoc" || /^(javascript|data|vbscript):/.test(url)))
        found.push(`<${tag} ${name}="${attr.value.slice(0, 80)}">`);
    }
    // Next streams its data in inline scripts (self.__next_f.push("…")): stored text there is a
    // JSON string, not code. Any other script carrying the marker came from stored input.
    if (
      tag === "script" &&
      (el.textContent ?? "").includes(mark) &&
      !/^\s*\(?self\.__next_f/.test(el.textContent ?? "") &&
      !/json/.test(el.getAttribute("type") ?? "")
    ) {
      found.push(`<script>${(el.textContent ?? "").slice(0, 80)}</script>`);
    }
  }
  return found;
}

export interface PageVerdict {
  url: string;
  status: number | null;
  findings: string[];
}

/** Opens `url`, waits for the page to settle (live panels, client rendering), and reports. */
export async function inspect(page: Page, url: string): Promise<PageVerdict> {
  const dialogs: string[] = [];
  const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(`dialog: ${d.message().slice(0, 60)}`);
    void d.dismiss();
  };
  page.on("dialog", onDialog);
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForLoadState("networkidle", { timeout: 8_000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    const dom = await page.evaluate(scanDom, PWNED_MARK);
    const trapped = await page.evaluate(() => window.__fuzzFindings ?? []);
    return { url, status: response?.status() ?? null, findings: [...trapped, ...dom, ...dialogs] };
  } finally {
    page.off("dialog", onDialog);
  }
}
