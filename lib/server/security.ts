import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { CLIENT_IP_HEADER } from "@/lib/auth/auth";
import { FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { config } from "@/lib/config";
import { BULL_BOARD_PATH } from "@/lib/server/bull-board";

// Headers every response gets, the Content-Security-Policy (a per-request nonce that Next reads
// from the request's own CSP header and puts on its scripts), and the CSRF defence: a state-
// changing request must come from the portal's own pages (Origin, or Sec-Fetch-Site, matches).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Machine-to-machine endpoints authenticate with a signature or token instead of a cookie. */
const CSRF_EXEMPT = [/^\/api\/webhooks\//];

/** Where the browser SDK posts its envelopes, if browser error reporting is on. */
function sentryIngestOrigin(): string {
  const dsn = config().NEXT_PUBLIC_SENTRY_DSN;
  return dsn ? ` ${new URL(dsn).origin}` : "";
}

function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sentryIngestOrigin()}${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

// Bull Board's bundle has no nonce: its own scripts by URL, inline styles only.
const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

export function securityHeaders(dev: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Only Express's view of the client address and of the user is trusted downstream.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? "";
    delete req.headers[FORWARDED_USER_HEADER];
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (req.path.startsWith(BULL_BOARD_PATH)) {
      res.setHeader("Content-Security-Policy", BOARD_CSP);
    } else {
      const csp = pageCsp(randomBytes(16).toString("base64"), dev);
      req.headers["content-security-policy"] = csp;
      res.setHeader("Content-Security-Policy", csp);
    }
    next();
  };
}

/**
 * An Origin header that names no origin ("null" from a sandboxed frame or a cross-origin
 * redirect, or garbage). Browsers send Origin on reads too (fetch), and better-auth compares it
 * with its trusted origins on every call: such a request is refused here, never passed on.
 */
export function malformedOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return false;
  try {
    const url = new URL(origin);
    return !/^https?:$/.test(url.protocol) || url.origin !== origin;
  } catch {
    return true;
  }
}

/** True when a request that changes state provably comes from one of the portal's pages. */
export function isSameOrigin(req: Request): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site) return site === "same-origin";
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  if (CSRF_EXEMPT.some((r) => r.test(req.path))) return next();
  if (malformedOrigin(req.headers.origin)) {
    res.status(403).json({ error: "Requisição recusada: cabeçalho Origin inválido." });
    return;
  }
  if (SAFE_METHODS.has(req.method) || isSameOrigin(req)) return next();
  res.status(403).json({ error: "Requisição recusada: origem diferente do portal (proteção contra CSRF)." });
}
