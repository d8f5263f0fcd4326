import type { NextFunction, Request, Response } from "express";
import { fromNodeHeaders } from "better-auth/node";
import { encodeForwardedUser, FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { sessionUser, type SessionUser } from "@/lib/auth/session";

// Every route is born protected: nothing but the paths below answers without a session.
// Finer permissions (operator, manager, admin) are checked by each page and route handler.

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

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.some((p) => p.test(path));
}

declare module "express-serve-static-core" {
  interface Request {
    user?: SessionUser;
  }
}

function wantsHtml(req: Request): boolean {
  return req.method === "GET" && !req.path.startsWith("/api/") && !req.path.includes("/api/") && (req.headers.accept ?? "").includes("text/html");
}

export async function requireSession(req: Request, res: Response, next: NextFunction): Promise<void> {
  if (isPublicPath(req.path)) return next();
  try {
    const user = await sessionUser(fromNodeHeaders(req.headers));
    if (user) {
      req.user = user;
      req.headers[FORWARDED_USER_HEADER] = encodeForwardedUser(user);
      return next();
    }
  } catch (err) {
    return next(err);
  }
  if (wantsHtml(req)) {
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  res.status(401).json({ error: "Faça login para continuar." });
}
