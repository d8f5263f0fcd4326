import { backoffMs, isRetryableStatus, parseRetryAfter } from "./retry";

// The browser's JSON client: one request (requestJson), or one user action sent until the server
// answers or refuses (sendJson), both under the one retry policy (./retry.ts). Errors become one
// line of text: the server's `error` message, or a short one for a network failure.

export const OFFLINE_MESSAGE = "Sem conexão com o portal.";

export type JsonMethod = "GET" | "POST" | "PUT";

export interface JsonResult<T> {
  ok: boolean;
  /** The HTTP status; null when no answer arrived (network failure). */
  status: number | null;
  /** True when sending it again later may help (./retry.ts). */
  retryable: boolean;
  /** The server's Retry-After, in seconds, when it gave one. */
  retryAfterSeconds: number | null;
  data?: T;
  message?: string;
}

export interface RequestOptions {
  /** The message for a network failure (in the page's language). */
  offline?: string;
  signal?: AbortSignal;
}

/** One request: a JSON body out (when given), a JSON answer in. Never throws. */
export async function requestJson<T>(
  method: JsonMethod,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<JsonResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers:
        body === undefined
          ? { accept: "application/json" }
          : { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch {
    return {
      ok: false,
      status: null,
      retryable: true,
      retryAfterSeconds: null,
      message: options.offline ?? OFFLINE_MESSAGE,
    };
  }
  const payload = (await response.json().catch(() => null)) as (T & { error?: unknown }) | null;
  if (response.ok && payload !== null)
    return { ok: true, status: response.status, retryable: false, retryAfterSeconds: null, data: payload };
  const message = typeof payload?.error === "string" && payload.error ? payload.error : `HTTP ${response.status}`;
  return {
    ok: false,
    status: response.status,
    retryable: isRetryableStatus(response.status),
    retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
    message,
  };
}

export interface SendOptions extends RequestOptions {
  /** Attempts before the last failure is given back (the user then sees it and may try again). */
  attempts?: number;
  /** Called before each wait, e.g. to say "retrying". */
  onRetry?: (result: JsonResult<unknown>, attempt: number) => void;
  /** The wait before the next attempt (tests shorten it); the retry policy's backoff by default. */
  pauseMs?: (attempt: number, retryAfterSeconds: number | null) => number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

/**
 * One user action (a form, a button): sent again with backoff while the answer is retryable, up to
 * `attempts` times (5 by default: about half a minute, longer when the server asks for it). The
 * body — and so its idempotency key — is the same on every attempt.
 */
export async function sendJson<T>(
  method: JsonMethod,
  url: string,
  body?: unknown,
  options: SendOptions = {},
): Promise<JsonResult<T>> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const result = await requestJson<T>(method, url, body, options);
    if (result.ok || !result.retryable || attempt >= attempts || options.signal?.aborted) return result;
    options.onRetry?.(result, attempt);
    await sleep((options.pauseMs ?? backoffMs)(attempt, result.retryAfterSeconds), options.signal);
    if (options.signal?.aborted) return result;
  }
}
