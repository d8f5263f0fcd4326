import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import { config } from "@/lib/config";
import { processSingleton } from "@/lib/runtime";

export interface RequestContext {
  correlationId: string;
  /** The client's address as Express computed it (honouring TRUST_PROXY). */
  ip?: string;
}

/** Carries the request's correlation id through every await of that request. */
export const requestContext = processSingleton("requestContext", () => new AsyncLocalStorage<RequestContext>());

const baseLogger = processSingleton("logger", () =>
  pino({
    level: config().LOG_LEVEL,
    base: { service: "ops-portal" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label, number) => ({ level: number, levelName: label }) },
    // Every line logged inside a request carries its id, without threading a child logger around.
    mixin: () => {
      const ctx = requestContext.getStore();
      return ctx ? { correlationId: ctx.correlationId } : {};
    },
  }),
);

export function logger(component?: string): Logger {
  return component ? baseLogger.child({ component }) : baseLogger;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's x-request-id only if it is a plausible id; anything else gets a fresh one. */
export function correlationIdFrom(header: string | string[] | undefined | null): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ID_PATTERN.test(value) ? value : randomUUID();
}

export function currentCorrelationId(): string | undefined {
  return requestContext.getStore()?.correlationId;
}

export function currentClientIp(): string | undefined {
  return requestContext.getStore()?.ip;
}
