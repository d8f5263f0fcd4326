import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "@/lib/auth/permissions";
import { sessionUser, type SessionUser } from "@/lib/auth/session";
import { readForPage } from "@/lib/db/unavailable";

/** For pages: the signed-in user with the permission; otherwise sign-in or a 403 page. */
export async function requirePageUser(permission: Permission, returnTo = "/"): Promise<SessionUser> {
  const user = await readForPage(sessionUser);
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  if (!can(user.role, permission)) forbidden();
  return user;
}
