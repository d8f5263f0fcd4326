import fc from "fast-check";

// Values chosen to break things: markup and script that would run if shown unescaped, SQL
// fragments, text PostgreSQL cannot store, unicode that changes size when normalised, numbers no
// column holds. Every script payload sets window.__pwned (and opens a dialog), so the stored-value
// check in the browser can tell an injected script from the portal's own (e2e/support/fuzz/inert.ts).

export const PWNED_MARK = "__pwned";

const run = `window.${PWNED_MARK}=1;alert(1)`;

/** Markup and URLs that execute `run` if a page renders them as HTML or follows them as links. */
export const SCRIPT_PAYLOADS: readonly string[] = [
  `<script>${run}</script>`,
  `<img src=x onerror="${run}">`,
  `"><svg onload="${run}">`,
  `'><iframe srcdoc="<script>parent.${PWNED_MARK}=1</script>">`,
  `<a href="javascript:${run}">clique</a>`,
  `[clique](javascript:${run})`,
  `![x](x" onerror="${run})`,
  `<details open ontoggle="${run}">`,
  `</script><script>${run}</script>`,
  `</title></textarea></style><script>${run}</script>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${run}">`,
  `<!--<img src="--><img src=x onerror="${run}">`,
  `javascript:${run}//`,
  `data:text/html,<script>${run}</script>`,
  `{{constructor.constructor('${run}')()}}`,
  `\${${run}}`,
  `<iframe src="javascript:${run}"></iframe>`,
  `<form action="javascript:${run}"><button>ok</button></form>`,
];

export const SQL_FRAGMENTS: readonly string[] = [
  `' OR '1'='1`,
  `'; DROP TABLE incidents; --`,
  `" OR ""="`,
  `1; SELECT pg_sleep(10)`,
  `' UNION SELECT NULL, NULL --`,
  `$1`,
  `\\`,
  `%`,
  `_%_`,
  `'::uuid`,
  `E'\\x00'`,
  `') ON CONFLICT DO NOTHING; --`,
];

/** Text that is hard to store, compare, measure or show. */
export const AWKWARD_TEXT: readonly string[] = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\ufeffBOM",
  "\u202eRTL override",
  "\u200b\u200c\u200d",
  "e\u0301\u0301\u0301",
  "👩‍👩‍👧‍👦",
  "𝕏𝕐ℤ",
  "＜script＞",
  "\ufdfa".repeat(50),
  "\u2028\u2029",
  "İıŞ",
  "%s%s%s%n",
  "{0}{1}",
  "\r\nSet-Cookie: x=1",
  "../../../../etc/passwd",
  "..%2F..%2F",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "null",
  "undefined",
  "NaN",
  "-0",
  "1e400",
  "9".repeat(400),
  "0x1F",
  "true",
];

export const HUGE_NUMBERS: readonly string[] = [
  "1e308",
  "-1e308",
  "1e400",
  "-0",
  "9007199254740993",
  "1e-400",
  "123456789012345678901234567890",
  "0.1e-7",
];

const payload = fc.constantFrom(...SCRIPT_PAYLOADS, ...SQL_FRAGMENTS, ...AWKWARD_TEXT);

/** Free text: payloads, random unicode and control characters, and mixtures of both. */
export function hostileText(maxLength = 300): fc.Arbitrary<string> {
  const clip = (s: string) => (s.length > maxLength ? s.slice(0, maxLength) : s);
  return fc
    .oneof(
      { weight: 4, arbitrary: payload },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: Math.min(maxLength, 80) }) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: Math.min(maxLength, 40) }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: Math.min(maxLength, 40) }) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.string({ maxLength: 20 }), payload, fc.string({ unit: "grapheme", maxLength: 20 }))
          .map(([a, p, b]) => `${a}${p}${b}`),
      },
    )
    .map(clip);
}

/** Printable text long enough to pass "at least N characters" checks, still carrying a payload. */
export function acceptedText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...SCRIPT_PAYLOADS, ...SQL_FRAGMENTS), fc.string({ unit: "grapheme", maxLength: 40 }))
    .map(([p, tail]) => `Fuzz ${p} ${tail}`.trim().slice(0, maxLength).padEnd(minLength, "x"));
}

/** Text of exactly a size near or past a limit (the off-by-one that the validators must hold). */
export function sizedText(length: number): fc.Arbitrary<string> {
  return fc
    .constantFrom("a", "é", "😀", "\u0301", "<")
    .map((unit) => unit.repeat(Math.max(0, Math.ceil(length / unit.length))).slice(0, length));
}

/** A header value HTTP can carry (tab, printable ASCII and Latin-1 only) but still hostile. */
export function hostileHeaderValue(maxLength = 200): fc.Arbitrary<string> {
  return hostileText(maxLength).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/gu, "?").trim());
}
