import type { PanelFailure } from "./types";
import { formatSeconds, PanelTimeoutError } from "./timeout";

// A Redis failure as a queue panel shows it. The portal's request connection does not queue
// commands while disconnected (lib/redis.ts), so "down" fails at once with ioredis' wording;
// a server that accepts the connection but does not answer ends in our own time limit.

const NO_CONNECTION = [
  /enableOfflineQueue/i,
  /Connection is closed/i,
  /ECONNREFUSED/,
  /ECONNRESET/,
  /ENOTFOUND/,
  /EHOSTUNREACH/,
  /ETIMEDOUT/,
  /connect/i,
];

export function redisFailure(error: unknown): PanelFailure {
  if (error instanceof PanelTimeoutError) {
    return { source: "redis", code: "timeout", message: `o Redis não respondeu em ${formatSeconds(error.ms)}` };
  }
  const text =
    error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ""} ${error.message}` : String(error);
  if (NO_CONNECTION.some((pattern) => pattern.test(text))) {
    const code = /\bE[A-Z]{3,}\b/.exec(text)?.[0];
    return { source: "redis", code: "unavailable", message: `sem conexão com o Redis${code ? ` (${code})` : ""}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { source: "redis", code: "error", message: `o Redis recusou a leitura: ${message.slice(0, 200)}` };
}
