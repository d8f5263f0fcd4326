import fc from "fast-check";
import { hostileHeaderValue, hostileText } from "./hostile";
import { MAX_JSON_BYTES } from "@/lib/http/contract";
import { hostileJson, notJson, Pairs, Raw, toJsonText, type JsonLike } from "./json";

// Structured-but-hostile inputs: each endpoint describes the shape it expects (fields, query
// parameters, path segments) and these builders return that shape, then break it — types
// swapped, fields dropped or added, strings past their limit, and bodies that are not JSON.

export interface FieldSpec {
  /** A value the endpoint accepts (free-text fields should already carry hostile text). */
  valid: fc.Arbitrary<JsonLike>;
  /** Sent in most valid bodies; absent ones test the default. */
  optional?: boolean;
  /** The field's length limit, so a mutation can go one past it and far past it. */
  maxLength?: number;
}

export interface BodyCase {
  text: string;
  contentType: string | null;
  /** How the body was made: valid, mutated, garbage-json, not-json, oversized. */
  variant: string;
}

type Mutation =
  | { kind: "drop"; index: number }
  | { kind: "add"; key: string; value: JsonLike }
  | { kind: "retype"; index: number; value: JsonLike }
  | { kind: "oversize"; index: number; far: boolean }
  | { kind: "duplicate"; index: number; value: JsonLike };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), index: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    key: fc.oneof(hostileText(40), fc.constantFrom("__proto__", "constructor", "id", "role", "userId", "isAdmin")),
    value: hostileJson,
  }),
  fc.record({ kind: fc.constant("retype" as const), index: fc.nat(), value: hostileJson }),
  fc.record({ kind: fc.constant("oversize" as const), index: fc.nat(), far: fc.boolean() }),
  fc.record({ kind: fc.constant("duplicate" as const), index: fc.nat(), value: hostileJson }),
);

function applyMutation(
  entries: Array<[string, JsonLike]>,
  fields: Record<string, FieldSpec>,
  m: Mutation,
): Array<[string, JsonLike]> {
  if (m.kind === "add") return [...entries, [m.key, m.value]];
  if (entries.length === 0) return entries;
  const i = m.index % entries.length;
  const [key] = entries[i]!;
  if (m.kind === "drop") return entries.filter((_, j) => j !== i);
  if (m.kind === "retype") return entries.map((e, j) => (j === i ? [key, m.value] : e));
  if (m.kind === "duplicate") return [...entries, [key, m.value]];
  // One past the field's limit, and far past it (fields without a stated limit: 1000).
  const limit = fields[key]?.maxLength ?? 1000;
  const length = m.far ? limit * 10 + 1 : limit + 1;
  return entries.map((e, j) => (j === i ? [key, new Raw(JSON.stringify("x".repeat(length)))] : e));
}

const CONTENT_TYPES = [
  "application/json",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/xml",
];

const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant("application/json") },
  { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: hostileHeaderValue(60) },
);

function validEntries(fields: Record<string, FieldSpec>): fc.Arbitrary<Array<[string, JsonLike]>> {
  const parts = Object.entries(fields).map(([name, spec]) =>
    (spec.optional ? fc.option(spec.valid, { nil: undefined, freq: 3 }) : spec.valid).map((v) =>
      v === undefined ? null : ([name, v] as [string, JsonLike]),
    ),
  );
  return fc.tuple(...parts).map((list) => list.filter((e): e is [string, JsonLike] => e !== null));
}

/** A JSON object for `fields`: valid, or with one to three mutations; usable as a nested value. */
export function jsonObject(fields: Record<string, FieldSpec>, mutatedWeight = 1): fc.Arbitrary<Pairs> {
  return fc.oneof(
    { weight: 3, arbitrary: validEntries(fields).map((e) => new Pairs(e)) },
    {
      weight: mutatedWeight,
      arbitrary: fc
        .tuple(validEntries(fields), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([e, ms]) => new Pairs(ms.reduce((acc, m) => applyMutation(acc, fields, m), e))),
    },
  );
}

/** Bodies no endpoint should accept: garbage JSON, not JSON at all, or past `maxBytes`. */
export function brokenBody(maxBytes: number): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .tuple(hostileJson, contentType)
        .map(([v, ct]) => ({ text: toJsonText(v), contentType: ct, variant: "garbage-json" })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(notJson, contentType).map(([text, ct]) => ({ text, contentType: ct, variant: "not-json" })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(maxBytes + 1, maxBytes * 4).map((size) => ({
        text: JSON.stringify({ padding: "x".repeat(size) }),
        contentType: "application/json",
        variant: "oversized",
      })),
    },
  );
}

/** Bodies around a JSON value: mostly `value` itself, sometimes a broken body. */
export function bodyAround(value: fc.Arbitrary<JsonLike>, variant: string, maxBytes: number): fc.Arbitrary<BodyCase> {
  return fc.oneof(
    {
      weight: 16,
      arbitrary: fc.tuple(value, contentType).map(([v, ct]) => ({ text: toJsonText(v), contentType: ct, variant })),
    },
    { weight: 5, arbitrary: brokenBody(maxBytes) },
  );
}

/** A JSON object body for `fields`, from valid to broken; `maxBytes` is the endpoint's size limit. */
export function jsonBody(fields: Record<string, FieldSpec>, maxBytes = MAX_JSON_BYTES): fc.Arbitrary<BodyCase> {
  const valid = fc
    .tuple(validEntries(fields), contentType)
    .map(([e, ct]) => ({ text: toJsonText(new Pairs(e)), contentType: ct, variant: "valid" }));
  const mutated = fc
    .tuple(validEntries(fields), fc.array(mutation, { minLength: 1, maxLength: 3 }), contentType)
    .map(([e, ms, ct]) => ({
      text: toJsonText(new Pairs(ms.reduce((acc, m) => applyMutation(acc, fields, m), e))),
      contentType: ct,
      variant: "mutated",
    }));
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 8, arbitrary: mutated },
    { weight: 5, arbitrary: brokenBody(maxBytes) },
  );
}

/** A body for an endpoint that reads none: whatever a client might still send. */
export const ignoredBody: fc.Arbitrary<BodyCase | null> = fc.option(
  fc
    .tuple(fc.oneof(hostileJson.map(toJsonText), notJson), contentType)
    .map(([text, ct]) => ({ text, contentType: ct, variant: "ignored" })),
  { freq: 2 },
);

/**
 * encodeURIComponent that does not throw on a lone surrogate: it is written as its WTF-8 bytes
 * (%ED%A0%80 for U+D800), which is exactly the invalid UTF-8 a server must refuse gracefully.
 */
export function percentEncode(value: string): string {
  return value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[^\uD800-\uDFFF]+|[\uD800-\uDBFF][\uDC00-\uDFFF]/g,
    (part) => {
      if (part.length !== 1 || part.charCodeAt(0) < 0xd800 || part.charCodeAt(0) > 0xdfff)
        return encodeURIComponent(part);
      const c = part.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    },
  );
}

const MALFORMED_ESCAPES = ["%", "%Z", "%ZZ", "%E0%A4%A", "%C0%AF", "%FF", "%u0041", "%%32%65"];

/** A percent-encoded query value or key, sometimes deliberately mis-encoded. */
const encoded = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(percentEncode(value)) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_ESCAPES).map((bad) => `${percentEncode(value)}${bad}`) },
    { weight: 1, arbitrary: fc.constant(value.replace(/[^\x21-\x7e]/g, "+").replace(/[&#]/g, "%26")) },
  );

/** A query string for `params` (each absent, valid, hostile, empty or repeated) plus extra parameters. */
export function queryString(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const one = (name: string, valid: fc.Arbitrary<string>): fc.Arbitrary<Array<[string, string]>> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Array<[string, string]>>([]) },
      { weight: 4, arbitrary: valid.map((v) => [[name, v] as [string, string]]) },
      { weight: 3, arbitrary: hostileText(300).map((v) => [[name, v] as [string, string]]) },
      { weight: 1, arbitrary: fc.constant<Array<[string, string]>>([[name, ""]]) },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, hostileText(50)).map(
          ([a, b]) =>
            [
              [name, a],
              [name, b],
            ] as Array<[string, string]>,
        ),
      },
    );
  const extras = fc.array(
    fc.tuple(fc.oneof(hostileText(30), fc.constantFrom("__proto__", "page", "before", "next")), hostileText(100)),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...Object.entries(params).map(([name, valid]) => one(name, valid))), extras)
    .chain(([pairs, more]) => {
      const all = [...pairs.flat(), ...more];
      if (all.length === 0) return fc.constant("");
      return fc
        .tuple(...all.map(([k, v]) => fc.tuple(encoded(k), encoded(v))))
        .map((kv) => `?${kv.map(([k, v]) => `${k}=${v}`).join("&")}`);
    });
}

/**
 * One path segment: a known value, a random id, hostile text, or an encoding the router must
 * survive. `validWeight` (6 of 13 by default) raises the share of known values where what the
 * request then writes matters (the stored-value check needs ticks that really land).
 */
export function pathSegment(valid: fc.Arbitrary<string>, validWeight = 6): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: validWeight, arbitrary: valid.map(percentEncode) },
    { weight: 2, arbitrary: fc.uuid().map(String) },
    {
      weight: 3,
      arbitrary: hostileText(200)
        .filter((s) => s.length > 0)
        .map(percentEncode),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MALFORMED_ESCAPES, "a%2Fb", "%2e%2e", "..", ".", "%00", "%20", "~", "a;b=c"),
    },
    { weight: 1, arbitrary: fc.constantFrom("a", "é", "<").map((unit) => percentEncode(unit.repeat(1200))) },
  );
}

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.18.${a}.${b}`);

/** A client address spread over a benchmark range, so failed sign-ins never lock out 127.0.0.1. */
export const spreadAddress = ipv4;

/** Headers any request may carry, each absent or hostile. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    "x-request-id": fc.oneof(hostileHeaderValue(80), fc.constant("r".repeat(4000))),
    "x-forwarded-for": fc.oneof(
      ipv4,
      hostileHeaderValue(60),
      fc.tuple(hostileHeaderValue(40), ipv4).map(([a, b]) => `${a}, ${b}`),
    ),
    accept: fc.oneof(
      fc.constantFrom("application/json", "text/html", "*/*", "text/event-stream", "text/csv", "text/x-component"),
      hostileHeaderValue(40),
    ),
    "accept-language": fc.oneof(fc.constantFrom("en", "pt-BR", "en-US,en;q=0.9", "*", "zz-ZZ"), hostileHeaderValue(60)),
    referer: fc.oneof(
      fc.constantFrom("http://127.0.0.1/", "/incidents", "javascript:alert(1)", "http://evil.example/x", "://", ""),
      hostileHeaderValue(80),
    ),
    "user-agent": hostileHeaderValue(100),
    cookie: fc.oneof(
      fc.constantFrom("locale=en", "locale=xx", "locale=pt-BR; locale=en"),
      hostileHeaderValue(80).map((v) => `locale=${v}`),
    ),
  },
  { requiredKeys: [] },
);
