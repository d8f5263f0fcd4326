import { OIDC_PROVIDER_ID } from "@/lib/auth/auth";

// better-auth serves some thirty endpoints under /api/auth (update-user, change-password,
// change-email, delete-user, list-sessions, ...). The portal uses these and no others; the rest
// answer 404, so no signed-in user can rename themself, change their e-mail or password, or
// delete their account behind the admins' back (ADR 0011). Paths are compared exactly: "..",
// percent-encoding or a trailing slash never reach an endpoint that is not listed.

export const AUTH_ENDPOINTS = [
  /** The login form. */
  { method: "POST", path: "/sign-in/email" },
  /** The login form's single sign-on button: where to send the browser. */
  { method: "POST", path: "/sign-in/social" },
  /** The OpenID Connect provider sends the browser back here. */
  { method: "GET", path: `/callback/${OIDC_PROVIDER_ID}` },
  /** better-auth's own error page, where a failed single sign-on may end. */
  { method: "GET", path: "/error" },
  /** The sign-out button. */
  { method: "POST", path: "/sign-out" },
  /** Read-only: who is signed in (tests and scripts use it). */
  { method: "GET", path: "/get-session" },
] as const;

/** True when `method path` (the path below /api/auth) is an endpoint the portal exposes. */
export function authEndpointExposed(method: string, path: string): boolean {
  return AUTH_ENDPOINTS.some((e) => e.method === method && e.path === path);
}
