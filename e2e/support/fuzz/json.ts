import fc from "fast-check";
import { AWKWARD_TEXT, HUGE_NUMBERS, hostileText } from "./hostile";

// JSON as text, so a body can hold what JSON.stringify would never write: numbers no double holds
// (1e400), duplicate keys, a "__proto__" key, nesting deep enough to exhaust a recursive validator.

/** Text written into the JSON as it is (a number token, or a pre-built deep value). */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object as an ordered list of entries, so keys may repeat or be "__proto__". */
export class Pairs {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonLike]>) {}
}

export type JsonLike = string | number | boolean | null | Raw | Pairs | JsonLike[];

export function toJsonText(value: JsonLike): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Pairs)
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(",")}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (typeof value === "number" && !Number.isFinite(value)) return "null";
  return JSON.stringify(value);
}

export const obj = (record: Record<string, JsonLike>) => new Pairs(Object.entries(record));

/** Arrays or objects nested `depth` times around a value. */
export function deepNesting(depth: number, kind: "array" | "object"): Raw {
  return new Raw(
    kind === "array" ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );
}

const numberValue: fc.Arbitrary<JsonLike> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e21),
  fc.constantFrom(...HUGE_NUMBERS).map((n) => new Raw(n)),
);

function jsonValues(deep: boolean): fc.Arbitrary<JsonLike> {
  return fc.letrec<{ value: JsonLike }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: hostileText(200) },
      { weight: 2, arbitrary: numberValue },
      { weight: 1, arbitrary: fc.constantFrom<JsonLike>(true, false, null) },
      { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
      {
        weight: 1,
        arbitrary: fc
          .array(fc.tuple(fc.oneof(hostileText(40), fc.constantFrom(...AWKWARD_TEXT)), tie("value")), { maxLength: 4 })
          .map((e) => new Pairs(e)),
      },
      {
        weight: deep ? 1 : 0,
        arbitrary: fc
          .constantFrom(50, 3000, 20_000)
          .chain((d) => fc.constantFrom(deepNesting(d, "array"), deepNesting(d, "object"))),
      },
    ),
  })).value;
}

/** Any JSON value, shaped to trip validators: wrong types, awkward strings, big and deep values. */
export const hostileJson: fc.Arbitrary<JsonLike> = jsonValues(true);

/** The same without the deeply nested values (for places where depth is not the point). */
export const shallowHostileJson: fc.Arbitrary<JsonLike> = jsonValues(false);

/** Bodies that are not JSON at all, or JSON broken in the ways clients break it. */
export const notJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "[1,2",
    '{"a":}',
    "nul",
    "\ufeff{}",
    "{}garbage",
    "<xml/>",
    "a=1&b=2",
    "{'single':1}",
    "NaN",
    "[".repeat(20_000),
    '{"a":'.repeat(5_000),
    "\u0000",
  ),
  fc.string({ unit: "binary", maxLength: 200 }),
);
