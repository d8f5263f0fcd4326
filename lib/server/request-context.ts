import type { NextFunction, Request, Response } from "express";
import { correlationIdFrom, logger, requestContext } from "@/lib/observability/log";
import { metrics, routeLabel, UNMATCHED_ROUTE } from "@/lib/observability/metrics";
import { redactUrl } from "@/lib/observability/redact";

const QUIET_PATHS = new Set(["/api/health", "/api/health/ready", "/api/metrics"]);

/**
 * Gives each request its correlation id (from x-request-id or new), echoes it back, runs the
 * rest of the request inside it, and records the access log line and the duration metric.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = correlationIdFrom(req.headers["x-request-id"]);
  const started = process.hrtime.bigint();
  res.setHeader("x-request-id", correlationId);
  // Next reads the header from the incoming request, so route handlers see the same id.
  req.headers["x-request-id"] = correlationId;

  res.on("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = res.statusCode === 404 ? UNMATCHED_ROUTE : routeLabel(req.originalUrl);
    metrics().httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    if (QUIET_PATHS.has(req.path) && res.statusCode < 400) return;
    if (req.path.startsWith("/_next/") && res.statusCode < 400) return;
    const line = {
      correlationId,
      method: req.method,
      // The single sign-on callback's one-time code and state are in its query: never logged.
      path: redactUrl(req.originalUrl).slice(0, 500),
      status: res.statusCode,
      responseTime: Math.round(seconds * 10000) / 10,
    };
    const log = logger("http");
    if (res.statusCode >= 500) log.error(line, "request failed");
    else log.info(line, "request");
  });

  requestContext.run({ correlationId, ip: req.ip }, next);
}
