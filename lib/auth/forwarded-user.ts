import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";
import { ROLES } from "@/lib/auth/permissions";
import { processSingleton } from "@/lib/runtime";
import type { SessionUser } from "@/lib/auth/session";

// The Express gate has already resolved the session of every request that reaches Next; it hands
// the user on in this header so pages and route handlers need not resolve it again. Any value a
// client sends is removed at the door (lib/server/security.ts), and the value is signed, so a
// request that somehow bypassed Express still cannot claim a user.

export const FORWARDED_USER_HEADER = "x-portal-user";

const key = () =>
  processSingleton("forwardedUserKey", () => createHmac("sha256", authSecret()).update("forwarded-user-v1").digest());

function sign(payload: string): string {
  return createHmac("sha256", key()).update(payload).digest("base64url");
}

export function encodeForwardedUser(user: SessionUser): string {
  const payload = Buffer.from(JSON.stringify([user.id, user.email, user.name, user.role])).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function decodeForwardedUser(value: string | null | undefined): SessionUser | null {
  if (!value) return null;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [id, email, name, role] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as string[];
    if (!id || !email || !(ROLES as readonly string[]).includes(role ?? "")) return null;
    return { id, email, name: name ?? email, role: role as SessionUser["role"] };
  } catch {
    return null;
  }
}
