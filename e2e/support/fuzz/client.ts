import http, { type IncomingHttpHeaders } from "node:http";
import type { Role } from "@/lib/generated/prisma/enums.ts";

// A small HTTP client over node:http rather than fetch: fetch normalises the URL (dot segments,
// percent-encoding) and refuses some headers, and the fuzz must put exactly its bytes on the wire.
// Server-Sent Events are read up to their first event and then dropped.

export type Who = "anonymous" | "forged-session" | Role;

export interface FuzzBody {
  text: string;
  contentType: string | null;
  /** How the body was made (valid, mutated, not-json, …), for the report and known-issue rules. */
  variant: string;
}

export interface FuzzRequest {
  method: string;
  /** Path and query exactly as they go on the request line (may be deliberately mis-encoded). */
  path: string;
  who: Who;
  headers?: Record<string, string>;
  body?: FuzzBody | null;
}

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  contentType: string;
  text: string;
  ms: number;
  /** Set when no HTTP answer came back (connection reset, timeout). */
  error?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;
const SSE_WAIT_MS = 5_000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Cookies per signed-in user, kept up to date from Set-Cookie (the session cache cookie rotates). */
export class SessionJar {
  private readonly jars = new Map<Who, Map<string, string>>();

  set(who: Who, setCookie: readonly string[]): void {
    const jar = this.jars.get(who) ?? new Map<string, string>();
    for (const line of setCookie) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq < 1) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0\b/i.test(line) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(who, jar);
  }

  header(who: Who): string | undefined {
    const jar = this.jars.get(who);
    return jar && jar.size > 0 ? [...jar].map(([k, v]) => `${k}=${v}`).join("; ") : undefined;
  }

  /** The cookies as Playwright wants them for a browser context. */
  cookies(who: Who, url: string): Array<{ name: string; value: string; url: string }> {
    return [...(this.jars.get(who) ?? [])].map(([name, value]) => ({ name, value, url }));
  }
}

/** Bytes of the request line and headers as sent (the part Node's maxHeaderSize limits). */
function headBytes(method: string, path: string, headers: Record<string, string>): number {
  return (
    Buffer.byteLength(`${method} ${path} HTTP/1.1\r\n`) +
    Object.entries(headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`), 0)
  );
}

export class FuzzClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    readonly baseUrl: string,
    readonly sessions: SessionJar,
  ) {}

  close(): void {
    this.agent.destroy();
  }

  send(request: FuzzRequest): Promise<FuzzResponse> {
    const started = Date.now();
    const url = new URL(this.baseUrl);
    const body = request.body ? Buffer.from(request.body.text, "utf8") : undefined;
    const headers: Record<string, string> = { ...request.headers };
    const cookies = [this.sessions.header(request.who), request.headers?.cookie].filter(Boolean);
    if (request.who === "forged-session")
      cookies.push("ops-portal.session_token=forged.c2lnbmF0dXJl; ops-portal.session_data=eyJ9");
    if (cookies.length) headers.cookie = cookies.join("; ");
    else delete headers.cookie;
    if (body) {
      headers["content-length"] = String(body.length);
      if (request.body!.contentType) headers["content-type"] = request.body!.contentType;
    }
    return new Promise((resolve) => {
      let settled = false;
      const done = (response: Omit<FuzzResponse, "ms">) => {
        if (settled) return;
        settled = true;
        resolve({ ...response, ms: Date.now() - started });
      };
      let req: http.ClientRequest;
      try {
        req = http.request({
          host: url.hostname,
          port: url.port,
          method: request.method,
          path: request.path,
          headers,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
        });
      } catch (err) {
        // The request could not even be written (e.g. a header Node refuses): a bug in the generator.
        done({
          status: 0,
          headers: {},
          contentType: "",
          text: "",
          error: `client refused the request: ${(err as Error).message}`,
        });
        return;
      }
      req.on("timeout", () => {
        req.destroy();
        done({
          status: 0,
          headers: {},
          contentType: "",
          text: "",
          error: `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`,
        });
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        // Node's HTTP parser answers 431 to a request line + headers over its limit and closes the
        // socket; with a body still being uploaded, the client may see the reset before the 431.
        // Only for a head that really is over the limit: any other reset stays a failure.
        const reset = err.code === "ECONNRESET" || err.code === "EPIPE";
        if (reset && headBytes(request.method, request.path, headers) > http.maxHeaderSize)
          done({ status: 431, headers: {}, contentType: "", text: "" });
        else done({ status: 0, headers: {}, contentType: "", text: "", error: err.message });
      });
      req.on("response", (res) => {
        const contentType = String(res.headers["content-type"] ?? "");
        if (request.who !== "anonymous" && request.who !== "forged-session" && res.headers["set-cookie"])
          this.sessions.set(request.who, res.headers["set-cookie"]);
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (error?: string) => {
          clearTimeout(sseTimer);
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            contentType,
            text: Buffer.concat(chunks).toString("utf8"),
            error,
          });
        };
        const stream = contentType.startsWith("text/event-stream");
        const sseTimer = stream
          ? setTimeout(() => {
              finish();
              req.destroy();
            }, SSE_WAIT_MS)
          : undefined;
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // An event stream is read until its first event; a body past the cap is not needed whole.
          if (
            (stream && /(?:^|\n)event: [^\n]*\ndata: [^\n]*\n\n/.test(Buffer.concat(chunks).toString("utf8"))) ||
            size > MAX_BODY_BYTES
          ) {
            finish();
            req.destroy();
          }
        });
        res.on("end", () => finish());
        res.on("error", (err) => finish(`response stream failed: ${err.message}`));
        res.on("aborted", () => finish("response aborted by the server"));
      });
      req.end(body);
    });
  }
}

/**
 * A field name as a browser writes it in a part header (HTML's multipart/form-data encoding
 * escapes ", CR and LF); other control characters, which no form of the portal has in a name,
 * are replaced so the body stays one a browser could send.
 */
function partName(name: string): string {
  const escaped = name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return Array.from(escaped, (ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? "_" : ch)).join("");
}

/** A multipart/form-data body built by hand, so field names, order and repeats are exactly the fuzz's. */
export function multipart(parts: ReadonlyArray<readonly [string, string, string?]>, variant: string): FuzzBody {
  const boundary = "----FuzzBoundary7MA4YWxkTrZu0gW";
  const text =
    parts
      .map(
        ([name, value, filename]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${partName(name)}"${filename ? `; filename="${partName(filename)}"\r\nContent-Type: application/octet-stream` : ""}\r\n\r\n${value}\r\n`,
      )
      .join("") + `--${boundary}--\r\n`;
  return { text, contentType: `multipart/form-data; boundary=${boundary}`, variant };
}
