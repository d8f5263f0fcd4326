import type { Role } from "@/lib/generated/prisma/enums.ts";
import { auth } from "@/lib/auth/auth";
import { decodeForwardedUser, FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { can, ROLES, type Permission } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { ForbiddenError, UnauthorizedError } from "@/lib/http/errors";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

function toRole(value: unknown): Role {
  return (ROLES as readonly string[]).includes(String(value)) ? (value as Role) : "viewer";
}

/** The signed-in user of this request, or null. Outside Next (Express), pass the headers. */
export async function sessionUser(headers?: Headers): Promise<SessionUser | null> {
  // next/headers is loaded only inside Next: importing it from the Express side (server.ts)
  // before Next has set up its request storage crashes the process.
  const requestHeaders = headers ?? (await (await import("next/headers")).headers());
  const forwarded = decodeForwardedUser(requestHeaders.get(FORWARDED_USER_HEADER));
  if (forwarded) return forwarded;
  return (await resolveSession(requestHeaders))?.user ?? null;
}

export interface ResolvedSession {
  user: SessionUser;
  expiresAt: number;
  /**
   * Set-Cookie values better-auth issued while reading the session (a refreshed cookie cache, a
   * renewed session's new expiry). The caller must send them on, or every request after the
   * cache's minute reads PostgreSQL and a renewed session still ends at its first expiry.
   */
  setCookies: string[];
}

/** The session behind the request's cookies (better-auth: its cookie cache, else PostgreSQL), with its user as PostgreSQL has it now. */
export async function resolveSession(headers: Headers): Promise<ResolvedSession | null> {
  const { headers: responseHeaders, response: result } = await auth().api.getSession({ headers, returnHeaders: true });
  if (!result) return null;
  // better-auth may answer from its cookie cache, up to a minute old: the user is read afresh, so
  // a lowered role or a disabled account bites on the very next request.
  const user = await db().user.findUnique({
    where: { id: result.user.id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: toRole(user.role) },
    expiresAt: new Date(result.session.expiresAt).getTime(),
    setCookies: responseHeaders.getSetCookie(),
  };
}

/** The signed-in user if they hold the permission; 401 when signed out, 403 when not allowed. */
export async function requireUser(permission: Permission, headers?: Headers): Promise<SessionUser> {
  const user = await sessionUser(headers);
  if (!user) throw new UnauthorizedError();
  if (!can(user.role, permission)) throw new ForbiddenError();
  return user;
}
