// Typed failures of the Sentry Web API client. Every failure carries a machine-readable `code`
// (so a panel can pick an icon or decide to retry) and a Portuguese `message` that can be shown
// as-is in a runbook panel. Messages never contain the auth token: they are built only from the
// HTTP status, Sentry's own `detail` text and numbers we computed.

export type SentryErrorCode =
  | "not_configured"
  | "unauthorized"
  | "rate_limited"
  | "timeout"
  | "unreachable"
  | "upstream_error"
  | "bad_response"
  /** The panel asked for something invalid (a runbook typo such as statsPeriod "1 hora"). */
  | "invalid_request";

export interface SentryErrorInit {
  code: SentryErrorCode;
  message: string;
  status?: number;
  /** Sentry's `detail` text from the error body, when it sent one. */
  detail?: string;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class SentryApiError extends Error {
  readonly code: SentryErrorCode;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: SentryErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "SentryApiError";
    this.code = init.code;
    this.status = init.status;
    this.detail = init.detail;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** What a panel needs to render a failure; plain data so it can cross the server/client boundary. */
export interface SentryPanelError {
  code: SentryErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

export function toPanelError(error: SentryApiError): SentryPanelError {
  return error.retryAfterSeconds === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
}

const secondsFormat = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });

/** "3 s", "0,2 s": the operator reads Brazilian Portuguese, so the decimal separator is a comma. */
export function formatSeconds(ms: number): string {
  return `${secondsFormat.format(ms / 1000)} s`;
}

/** Sentry's `detail` is free text from outside; keep it short enough for a panel line. */
function shortDetail(detail: string | undefined): string {
  if (!detail) return "";
  const clean = detail.replace(/\s+/g, " ").trim();
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
}

export const sentryErrors = {
  notConfigured(missing: string[]): SentryApiError {
    const what = missing.length > 0 ? ` (defina ${missing.join(", ")})` : "";
    return new SentryApiError({ code: "not_configured", message: `Sentry não configurado${what}` });
  },

  unauthorized(status: number, detail: string | undefined, scope: string): SentryApiError {
    // 401 means the token itself is wrong; 403 means it is valid but lacks the scope this call needs.
    const message =
      status === 401 ? "Token do Sentry inválido ou expirado" : `Token do Sentry sem permissão (${scope})`;
    const extra = shortDetail(detail);
    return new SentryApiError({
      code: "unauthorized",
      status,
      detail,
      message: extra ? `${message}: ${extra}` : message,
    });
  },

  rateLimited(retryAfterSeconds: number, detail?: string): SentryApiError {
    return new SentryApiError({
      code: "rate_limited",
      status: 429,
      detail,
      retryAfterSeconds,
      message: `Sentry limitou as consultas; nova tentativa em ${retryAfterSeconds} s`,
    });
  },

  timeout(timeoutMs: number, cause?: unknown): SentryApiError {
    return new SentryApiError({
      code: "timeout",
      cause,
      message: `Sentry não respondeu em ${formatSeconds(timeoutMs)}`,
    });
  },

  unreachable(reason: string | undefined, cause?: unknown): SentryApiError {
    return new SentryApiError({
      code: "unreachable",
      cause,
      message: `Sentry inacessível${reason ? ` (${reason})` : ""}`,
    });
  },

  upstream(status: number, detail: string | undefined): SentryApiError {
    const extra = shortDetail(detail);
    const base =
      status === 404
        ? "Organização ou projeto não encontrado no Sentry (404)"
        : status >= 500
          ? `Sentry com falha interna (HTTP ${status})`
          : `Sentry recusou a consulta (HTTP ${status})`;
    return new SentryApiError({
      code: "upstream_error",
      status,
      detail,
      message: extra ? `${base}: ${extra}` : base,
    });
  },

  badResponse(what: string, cause?: unknown): SentryApiError {
    return new SentryApiError({
      code: "bad_response",
      cause,
      message: `Resposta inesperada do Sentry (${what})`,
    });
  },
};

/** Anything thrown inside a refresh becomes a SentryApiError, so callers handle one type. */
export function asSentryError(error: unknown): SentryApiError {
  if (error instanceof SentryApiError) return error;
  // Not expected: request() maps every known failure. Keep the original as `cause` for the logs
  // but do not show its text, which could be anything.
  return new SentryApiError({
    code: "upstream_error",
    cause: error,
    message: "Falha inesperada ao consultar o Sentry",
  });
}
