import { ZodError, type z } from "zod";
import { currentCorrelationId, logger } from "@/lib/observability/log";
import { HttpError, BadRequestError } from "@/lib/http/errors";

// Route handlers stay thin: parse with zod, call lib/, return JSON. This wrapper turns the
// domain's errors into 4xx answers that say what was wrong, and anything unexpected into a 500
// that carries the correlation id (the full error goes to the log, never to the client).

export interface ErrorBody {
  error: string;
  details?: unknown;
  correlationId?: string;
}

export function errorResponse(err: unknown): Response {
  const correlationId = currentCorrelationId();
  if (err instanceof HttpError) {
    return Response.json({ error: err.message, details: err.details, correlationId } satisfies ErrorBody, { status: err.status });
  }
  if (err instanceof ZodError) {
    return Response.json({ error: "Dados inválidos.", details: formatZodIssues(err), correlationId } satisfies ErrorBody, { status: 400 });
  }
  logger("http").error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, "unhandled error in route handler");
  return Response.json(
    { error: "Erro interno. Informe o código de correlação ao time responsável.", correlationId } satisfies ErrorBody,
    { status: 500 },
  );
}

export function formatZodIssues(err: ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((issue) => ({ path: issue.path.join(".") || "(corpo)", message: issue.message }));
}

export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

const MAX_JSON_BYTES = 64 * 1024;

/** Reads and validates a JSON body; a malformed or oversized body is a 400, not a 500. */
export async function jsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_JSON_BYTES) throw new BadRequestError(`Corpo da requisição grande demais (máximo ${MAX_JSON_BYTES / 1024} KiB).`);
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new BadRequestError(`Corpo da requisição grande demais (máximo ${MAX_JSON_BYTES / 1024} KiB).`);
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    throw new BadRequestError("O corpo da requisição não é JSON válido.");
  }
  return schema.parse(raw);
}
