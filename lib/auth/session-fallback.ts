import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { AUTH_COOKIE_PREFIX } from "@/lib/auth/auth";
import { ROLES } from "@/lib/auth/permissions";
import { authSecret } from "@/lib/auth/secret";
import { processSingleton } from "@/lib/runtime";
import type { SessionUser } from "@/lib/auth/session";

// Reading runbooks must survive a PostgreSQL outage (they are files), but sessions live in
// PostgreSQL: better-auth's signed cookie cache holds a session for 60 s only, so a minute into
// an outage every signed-in operator would be refused. The gate therefore also hands the browser
// a "fallback" cookie: the user and the session's expiry, bound to the session cookie (a hash of
// its value) and signed with AUTH_SECRET, so it is worthless without that cookie, after sign-out,
// or once the session expires. It is read ONLY when the database cannot be reached, and then
// only for reading (the gate refuses writes with 503). The price: a session revoked, or a role
// lowered, just before an outage is still honoured for reading until the database is back.

/** Named like better-auth's own cookies (with __Secure- when the portal is served over https). */
export function fallbackCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}${AUTH_COOKIE_PREFIX}.session_fallback`;
}

export interface SessionFallback {
  user: SessionUser;
  /** When the session itself expires (epoch ms); the cookie is not accepted after that. */
  expiresAt: number;
}

const key = () =>
  processSingleton("sessionFallbackKey", () =>
    createHmac("sha256", authSecret()).update("session-fallback-v1").digest(),
  );

/** Binds the fallback to one session cookie value without putting the token itself in it. */
function bind(sessionCookie: string): string {
  return createHash("sha256").update(sessionCookie).digest("base64url").slice(0, 32);
}

function sign(payload: string): string {
  return createHmac("sha256", key()).update(payload).digest("base64url");
}

export function encodeFallback(sessionCookie: string, fallback: SessionFallback): string {
  const { id, email, name, role } = fallback.user;
  const payload = Buffer.from(
    JSON.stringify([1, bind(sessionCookie), id, email, name, role, fallback.expiresAt]),
  ).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The fallback in `value` if it is genuine, belongs to `sessionCookie` and has not expired. */
export function decodeFallback(
  value: string | null | undefined,
  sessionCookie: string | null | undefined,
  now = Date.now(),
): SessionFallback | null {
  if (!value || !sessionCookie) return null;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [version, bound, id, email, name, role, expiresAt] = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    ) as unknown[];
    if (version !== 1 || bound !== bind(sessionCookie)) return null;
    if (typeof id !== "string" || typeof email !== "string" || !(ROLES as readonly unknown[]).includes(role))
      return null;
    if (typeof expiresAt !== "number" || expiresAt <= now) return null;
    return {
      user: { id, email, name: typeof name === "string" ? name : email, role: role as SessionUser["role"] },
      expiresAt,
    };
  } catch {
    return null;
  }
}

/** True when `current` (the cookie the browser sent) already says what `fallback` says. */
export function fallbackIsCurrent(current: SessionFallback | null, fallback: SessionFallback): boolean {
  if (!current) return false;
  const a = current.user;
  const b = fallback.user;
  return (
    current.expiresAt === fallback.expiresAt &&
    a.id === b.id &&
    a.email === b.email &&
    a.name === b.name &&
    a.role === b.role
  );
}
