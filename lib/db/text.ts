// What PostgreSQL can store: `text` and `jsonb` refuse the NUL character, and `jsonb` refuses a
// lone UTF-16 surrogate (JSON.stringify writes it as "\ud800"). Such a value in an INSERT is a
// database error, so it is caught where input arrives: refused when a person typed it (a 400),
// made storable when a machine sent it (a webhook's alert must not be lost over one character).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = new RegExp(`${LONE_SURROGATE.source}|\\u0000`, "g");

/** True when the text can be stored as it was typed: no NUL character, no broken UTF-16. */
export function storableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/** The text with NUL characters and lone surrogates replaced by U+FFFD. */
export function toStorableText(value: string): string {
  return value.replace(UNSTORABLE, "\uFFFD");
}

/** A JSON value with every string (keys included) made storable; for the portal's own, shallow values. */
export function toStorableJson(value: unknown): unknown {
  if (typeof value === "string") return toStorableText(value);
  if (Array.isArray(value)) return value.map(toStorableJson);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [toStorableText(k), toStorableJson(v)]));
  return value;
}
