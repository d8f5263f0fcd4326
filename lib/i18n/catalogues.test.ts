// The catalogue check: the two languages carry the same keys with the same placeholders, and
// every key the source asks for — t("…"), message(locale, "…"), an error code — exists.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import en from "@/lib/i18n/catalogues/en.json" with { type: "json" };
import ptBR from "@/lib/i18n/catalogues/pt-BR.json" with { type: "json" };

const root = path.resolve(import.meta.dirname, "../..");
const catalogues: Record<string, Record<string, string>> = { "pt-BR": ptBR, en };
const keys = new Set(Object.keys(ptBR));

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const sources = ["app", "components", "lib"]
  .flatMap(sourceFiles)
  .map((file) => ({ file: path.relative(root, file), text: readFileSync(file, "utf8") }));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every match of `pattern`'s first group, with the file it was found in. */
function used(pattern: RegExp): Array<{ file: string; key: string }> {
  return sources.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => ({ file, key: m[1]! })));
}

test("both catalogues have the same keys", () => {
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    assert.deepEqual(
      Object.keys(catalogue).filter((k) => !keys.has(k)),
      [],
      `keys only in ${locale}`,
    );
    assert.deepEqual(
      [...keys].filter((k) => !(k in catalogue)),
      [],
      `keys missing from ${locale}`,
    );
  }
});

test("each message has the same placeholders in every language, and no empty text", () => {
  const mismatched = [...keys].filter(
    (k) => placeholders(ptBR[k as keyof typeof ptBR]).join() !== placeholders(en[k as keyof typeof en]).join(),
  );
  assert.deepEqual(mismatched, []);
  const empty = Object.entries(catalogues).flatMap(([locale, c]) =>
    Object.entries(c)
      .filter(([, text]) => text.trim() === "")
      .map(([k]) => `${locale}: ${k}`),
  );
  assert.deepEqual(empty, []);
});

test('every t("…") and message(…, "…") in the source names a catalogue key', () => {
  const literal = [...used(/\bt\(\s*"([^"]+)"/g), ...used(/\bmessage\(\s*\w+,\s*"([^"]+)"/g)];
  assert.ok(literal.length > 300, `the scan found the source's keys (${literal.length})`);
  assert.deepEqual(
    literal.filter(({ key }) => !keys.has(key)),
    [],
  );
});

test("every key built from a template, t(`prefix.${…}`), has some key under its prefix", () => {
  const prefixes = used(/\bt\(\s*`([^`$]+)\$\{/g);
  assert.ok(prefixes.length > 10);
  assert.deepEqual(
    prefixes.filter(({ key }) => ![...keys].some((k) => k.startsWith(key))),
    [],
  );
});

test("every error code thrown in the source has its message (error.<code>)", () => {
  const codes = used(
    /(?:new \w*(?:BadRequest|Unauthorized|Forbidden|NotFound|Conflict)Error\(|super\(\d+, |what: ErrorMessage = )\{ code: "([\w.]+)"/g,
  );
  assert.ok(codes.length > 20, `the scan found the source's error codes (${codes.length})`);
  assert.deepEqual(
    codes.filter(({ key }) => !keys.has(`error.${key}`)),
    [],
  );
});
