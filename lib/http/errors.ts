import { DEFAULT_LOCALE, message, type ErrorCode, type Locale, type MessageParams } from "@/lib/i18n/messages";

// Errors the domain throws on purpose; the route wrapper (lib/http/route.ts) turns each into its
// HTTP answer. An error carries a stable code and its params; its words come from the catalogue
// in the language of the request that gets the answer, Portuguese by default (err.message).

/** What went wrong, as a catalogue code (preferred) or as a literal Portuguese text. */
export type ErrorMessage = { code: ErrorCode; params?: MessageParams } | string;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  503: "unavailable",
};

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly params: MessageParams;
  /** False for a literal text: it is answered as written, whatever the language. */
  private readonly coded: boolean;

  constructor(
    readonly status: number,
    what: ErrorMessage,
    readonly details?: unknown,
  ) {
    super(typeof what === "string" ? what : message(DEFAULT_LOCALE, `error.${what.code}`, what.params));
    this.name = "HttpError";
    this.coded = typeof what !== "string";
    this.code = typeof what === "string" ? (CODE_BY_STATUS[status] ?? "badRequest") : what.code;
    this.params = typeof what === "string" ? {} : (what.params ?? {});
  }

  /** The message in the language of the request being answered. */
  messageIn(locale: Locale): string {
    return this.coded ? message(locale, `error.${this.code}`, this.params) : this.message;
  }
}

export class BadRequestError extends HttpError {
  constructor(what: ErrorMessage, details?: unknown) {
    super(400, what, details);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(what: ErrorMessage = { code: "unauthorized" }) {
    super(401, what);
  }
}

export class ForbiddenError extends HttpError {
  constructor(what: ErrorMessage = { code: "forbidden" }) {
    super(403, what);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: ErrorMessage) {
    super(404, what);
  }
}

export class ConflictError extends HttpError {
  constructor(what: ErrorMessage, details?: unknown) {
    super(409, what, details);
  }
}

/** PostgreSQL cannot be reached: nothing was saved, the same request may be sent again later. */
export class ServiceUnavailableError extends HttpError {
  constructor() {
    super(503, { code: "unavailable" });
  }
}
