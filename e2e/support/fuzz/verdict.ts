import type { FuzzResponse } from "./client";

// What every answer must look like, whatever was sent: never a 5xx (nor a dropped connection);
// a 4xx says what was wrong in JSON — the portal's `{ error: string }` (lib/http/route.ts, the
// Express guards), or the shape of the library that owns the path (better-auth's `message`, Bull
// Board's `error.key`); a 2xx that claims JSON is JSON; an event stream does not open on an error.

/** Where a 4xx answer may carry its message. */
export type ErrorField = "error" | "error.key" | "message";

const snippet = (text: string) => JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);

function messageAt(body: unknown, field: ErrorField): unknown {
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== "object") return undefined;
  if (field === "error.key") return (b.error as Record<string, unknown> | undefined)?.key;
  return b[field];
}

export interface ErrorShape {
  errorFields?: readonly ErrorField[];
  /** Pages answer 4xx with an HTML page (not-found, forbidden). */
  htmlErrors?: boolean;
  /** A framework's own plain-text 4xx, matched on the whole body. */
  plainTextErrors?: RegExp;
}

export function responseProblem(response: FuzzResponse, shape: ErrorShape = {}): string | null {
  const errorFields = shape.errorFields ?? ["error"];
  if (response.error) return `no HTTP answer: ${response.error}`;
  const { status, contentType, text } = response;
  if (status >= 500) return `${status} ${contentType} ${snippet(text)}`;
  const json = /\bjson\b/.test(contentType);
  let body: unknown;
  if (json) {
    try {
      body = JSON.parse(text);
    } catch {
      return `${status} says JSON but the body is not: ${snippet(text)}`;
    }
  }
  // Node's HTTP parser refuses an oversized request line or headers before any portal code runs.
  if (status === 431 && text === "") return null;
  if (status >= 400) {
    if (!json && shape.htmlErrors && contentType.startsWith("text/html")) return null;
    if (!json && shape.plainTextErrors?.test(text.trim())) return null;
    if (!json) return `${status} without a JSON message (${contentType || "no content-type"}): ${snippet(text)}`;
    const found = errorFields.some((field) => {
      const message = messageAt(body, field);
      return typeof message === "string" && message.trim().length > 0;
    });
    if (!found) return `${status} JSON without a message in ${errorFields.join(" / ")}: ${snippet(text)}`;
    return null;
  }
  if (status >= 200 && contentType.startsWith("text/event-stream")) {
    const first = /(?:^|\n)event: ([^\n]*)\n/.exec(text)?.[1];
    if (first === "error") return `event stream opened on an error event: ${snippet(text)}`;
  }
  return null;
}
