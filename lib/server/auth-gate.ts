import type { NextFunction, Request, Response } from "express";
import { fromNodeHeaders } from "better-auth/node";
import { getSessionCookie } from "better-auth/cookies";
import { AUTH_BASE_PATH, AUTH_COOKIE_PREFIX } from "@/lib/auth/auth";
import { authEndpointExposed } from "@/lib/auth/endpoints";
import { encodeForwardedUser, FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { decodeFallback, encodeFallback, fallbackCookieName, fallbackIsCurrent } from "@/lib/auth/session-fallback";
import { resolveSession, type SessionUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
} from "@/lib/db/unavailable";
import { logger } from "@/lib/observability/log";

// Every route is born protected: nothing but the paths below answers without a session.
// Finer permissions (operator, manager, admin) are checked by each page and route handler.
//
// PostgreSQL down: a session that cannot be read from the database is taken from the signed
// fallback cookie (lib/auth/session-fallback.ts) for reading only — runbooks, panels, Bull Board
// views — and every write is answered 503 + Retry-After, which the pages treat as "not saved
// yet, retry with the same idempotency key". Without a usable fallback the answer is 503 too:
// sending the operator to a sign-in page that cannot work would only lose what they typed.

const PUBLIC_PATHS = [
  /^\/login\/?$/,
  /^\/api\/auth\//,
  /^\/api\/health(\/ready)?\/?$/,
  /^\/api\/metrics\/?$/,
  /^\/api\/webhooks\//,
  /^\/_next\//,
  /^\/favicon\.ico$/,
  /^\/locale\//,
];

const READ_METHODS = new Set(["GET", "HEAD"]);

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.some((p) => p.test(path));
}

declare module "express-serve-static-core" {
  interface Request {
    user?: SessionUser;
  }
}

function wantsHtml(req: Request): boolean {
  return (
    req.method === "GET" &&
    !req.path.startsWith("/api/") &&
    !req.path.includes("/api/") &&
    (req.headers.accept ?? "").includes("text/html")
  );
}

function secureCookies(): boolean {
  return config().PORTAL_URL?.startsWith("https://") ?? false;
}

function admit(req: Request, user: SessionUser, next: NextFunction): void {
  req.user = user;
  req.headers[FORWARDED_USER_HEADER] = encodeForwardedUser(user);
  next();
}

function databaseDown(req: Request, res: Response): void {
  res.setHeader("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
  res.setHeader("Cache-Control", "no-store");
  if (wantsHtml(req)) {
    res
      .status(503)
      .type("html")
      .send(
        `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Banco de dados indisponível</title>` +
          `<p>O banco de dados do portal está indisponível e sua sessão não pôde ser confirmada. Recarregue a página em instantes.</p></html>`,
      );
    return;
  }
  res.status(503).json({ error: DATABASE_UNAVAILABLE_MESSAGE });
}

/** In front of better-auth: 404 for every endpoint of its that the portal does not use. */
export function exposedAuthEndpoints(req: Request, res: Response, next: NextFunction): void {
  const path = req.path.startsWith(`${AUTH_BASE_PATH}/`) ? req.path.slice(AUTH_BASE_PATH.length) : "";
  if (authEndpointExposed(req.method, path)) return next();
  res.status(404).json({ error: "Not Found" });
}

export async function requireSession(req: Request, res: Response, next: NextFunction): Promise<void> {
  if (isPublicPath(req.path)) return next();
  const headers = fromNodeHeaders(req.headers);
  const cookieName = fallbackCookieName(secureCookies());
  const sessionCookie = getSessionCookie(headers, { cookiePrefix: AUTH_COOKIE_PREFIX });
  const sent = decodeFallback(cookieValue(req.headers.cookie, cookieName), sessionCookie);
  let session: Awaited<ReturnType<typeof resolveSession>>;
  try {
    session = await resolveSession(headers);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) return next(err);
    if (!sent) return databaseDown(req, res);
    logger("auth").debug(
      { user: sent.user.id, method: req.method, path: req.path },
      "database unavailable: session taken from the fallback cookie",
    );
    if (!READ_METHODS.has(req.method)) return databaseDown(req, res);
    return admit(req, sent.user, next);
  }
  if (session) {
    for (const cookie of session.setCookies) res.append("Set-Cookie", cookie);
    // Re-issued only when what it says changed (sign-in, role or name change, session renewal).
    if (sessionCookie && !fallbackIsCurrent(sent, session)) {
      res.cookie(cookieName, encodeFallback(sessionCookie, session), {
        httpOnly: true,
        sameSite: "lax",
        secure: secureCookies(),
        path: "/",
        maxAge: Math.max(0, session.expiresAt - Date.now()),
      });
    }
    return admit(req, session.user, next);
  }
  // Signed out (or the session ended): the fallback goes with it.
  if (req.headers.cookie?.includes(cookieName)) res.clearCookie(cookieName, { path: "/" });
  if (wantsHtml(req)) {
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  res.status(401).json({ error: "Faça login para continuar." });
}

/** One cookie's value from a Cookie header (Express has no cookie parser here). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
