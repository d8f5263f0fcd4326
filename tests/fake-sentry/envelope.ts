import { gunzipSync, inflateSync, brotliDecompressSync } from "node:zlib";

// Parser for Sentry envelopes (develop.sentry.dev/sdk/data-model/envelopes/):
//
//   {envelope header JSON}\n
//   {item header JSON}\n
//   payload\n
//   {item header JSON}\n
//   payload\n ...
//
// An item header may carry `length`: the payload is then exactly that many BYTES (it may contain
// newlines, e.g. attachments), followed by an optional newline. Without `length` the payload runs
// to the next newline or the end of the body. Everything works on bytes, never on a decoded
// string, because `length` counts UTF-8 bytes.

export interface EnvelopeItem {
  header: { type: string; length?: number; content_type?: string; [key: string]: unknown };
  payload: Buffer;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvelopeError";
  }
}

const NEWLINE = 0x0a;

export function parseEnvelope(body: Buffer): Envelope {
  let pos = 0;

  const readLine = (): Buffer => {
    const end = body.indexOf(NEWLINE, pos);
    const line = body.subarray(pos, end === -1 ? body.length : end);
    pos = end === -1 ? body.length : end + 1;
    return line;
  };

  const header = parseJsonObject(readLine(), "envelope header");
  const items: EnvelopeItem[] = [];

  while (pos < body.length) {
    const line = readLine();
    // Tolerate blank lines between items (and a trailing newline after the last payload).
    if (line.toString("utf8").trim() === "") continue;
    const itemHeader = parseJsonObject(line, `item header #${items.length + 1}`);
    if (typeof itemHeader.type !== "string") throw new EnvelopeError(`item #${items.length + 1} has no type`);

    let payload: Buffer;
    const length = itemHeader.length;
    if (length !== undefined) {
      if (typeof length !== "number" || !Number.isInteger(length) || length < 0) {
        throw new EnvelopeError(`item #${items.length + 1} has an invalid length`);
      }
      if (pos + length > body.length) throw new EnvelopeError(`item #${items.length + 1} is truncated`);
      payload = body.subarray(pos, pos + length);
      pos += length;
      if (body[pos] === NEWLINE) pos += 1;
    } else {
      payload = readLine();
    }
    items.push({ header: { ...itemHeader, type: itemHeader.type }, payload });
  }

  return { header, items };
}

/** Decodes a request body according to its Content-Encoding (the SDK may gzip; Relay accepts more). */
export function decodeBody(raw: Buffer, contentEncoding: string | undefined): Buffer {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return raw;
  if (encoding === "gzip" || encoding === "x-gzip") return gunzipSync(raw);
  if (encoding === "deflate") return inflateSync(raw);
  if (encoding === "br") return brotliDecompressSync(raw);
  throw new EnvelopeError(`unsupported content-encoding ${encoding}`);
}

/** Builds an envelope; used by tests and the demo. `withLength` adds byte lengths to item headers. */
export function buildEnvelope(
  header: Record<string, unknown>,
  items: { type: string; payload: unknown; headers?: Record<string, unknown> }[],
  options: { withLength?: boolean } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`)];
  for (const item of items) {
    const payload = Buffer.isBuffer(item.payload)
      ? item.payload
      : Buffer.from(typeof item.payload === "string" ? item.payload : JSON.stringify(item.payload));
    const itemHeader = { type: item.type, ...item.headers, ...(options.withLength ? { length: payload.length } : {}) };
    parts.push(Buffer.from(`${JSON.stringify(itemHeader)}\n`), payload, Buffer.from("\n"));
  }
  return Buffer.concat(parts);
}

function parseJsonObject(line: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line.toString("utf8"));
  } catch {
    throw new EnvelopeError(`${what} is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EnvelopeError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
