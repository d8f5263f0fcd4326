import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins";
import { recordAudit, recordAuditInBackground } from "@/lib/audit/audit";
import { claimSignInAttempt, clearSignInAttempts, SIGN_IN, SIGN_IN_FAILED } from "@/lib/auth/lockout";
import { safeNextPath } from "@/lib/auth/next-path";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";
import { authSecret } from "@/lib/auth/secret";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { storableText } from "@/lib/db/text";
import { processSingleton } from "@/lib/runtime";

// Sign-in with better-auth (ADR 0003): local accounts (argon2id) and one OpenID Connect
// provider, sessions in PostgreSQL through Prisma. Users are created by an admin
// (`npm run user:create`), never by self sign-up.

export const AUTH_BASE_PATH = "/api/auth";
export const OIDC_PROVIDER_ID = "oidc";
/** Every cookie better-auth sets starts with this (e.g. ops-portal.session_token). */
export const AUTH_COOKIE_PREFIX = "ops-portal";
/** Set by the Express front (lib/server/security.ts) from req.ip; any client-sent value is dropped. */
export const CLIENT_IP_HEADER = "x-portal-client-ip";

/**
 * The e-mail a sign-in request claims, for the lockout and the audit log. Only a string: the body
 * is the client's JSON, and String() of an object whose toString is not a function throws.
 * (better-auth itself then refuses a body whose e-mail is not a string.)
 */
function bodyEmail(body: unknown): string {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  return typeof email === "string" ? email : "";
}

/**
 * The portal only ever asks to come back to one of its own paths (LoginForm sends a path made by
 * safeNextPath, or "/login"). Anything else is refused before better-auth puts it in a Location
 * header — where a raw non-ASCII character makes Node throw (a 500).
 */
function refuseForeignCallbacks(body: unknown): void {
  for (const field of ["callbackURL", "errorCallbackURL", "newUserCallbackURL"]) {
    const value = (body as Record<string, unknown> | null | undefined)?.[field];
    if (value !== undefined && (typeof value !== "string" || safeNextPath(value) !== value)) {
      throw new APIError("BAD_REQUEST", {
        message: `${field}: use um caminho do portal, como /incidents.`,
        code: "INVALID_CALLBACK_URL",
      });
    }
  }
}

function createAuth() {
  const cfg = config();
  const oidc =
    cfg.OIDC_ISSUER && cfg.OIDC_CLIENT_ID && cfg.OIDC_CLIENT_SECRET
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                name: cfg.OIDC_PROVIDER_NAME,
                clientId: cfg.OIDC_CLIENT_ID,
                clientSecret: cfg.OIDC_CLIENT_SECRET,
                discoveryUrl: `${cfg.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
                scopes: ["openid", "email", "profile"],
                pkce: true,
              },
            ],
          }),
        ]
      : [];

  return betterAuth({
    appName: "Portal de Operações",
    baseURL: cfg.PORTAL_URL,
    basePath: AUTH_BASE_PATH,
    secret: authSecret(),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      modelName: "user",
      additionalFields: {
        role: { type: "string", required: false, defaultValue: cfg.OIDC_DEFAULT_ROLE, input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: {
      modelName: "session",
      expiresIn: cfg.SESSION_HOURS * 3600,
      updateAge: 3600,
      // A signed copy of the session in a cookie spares a database read on most requests; a
      // role change or sign-out elsewhere is seen within this many seconds.
      cookieCache: { enabled: true, maxAge: 60 },
    },
    // Single sign-on joins an existing account with the same e-mail only when the provider says
    // it verified that e-mail (email_verified): otherwise anyone who can set an unverified e-mail
    // at the provider would sign in as that portal user. No provider is "trusted" past that.
    account: { modelName: "account", accountLinking: { enabled: true, trustedProviders: [] } },
    verification: { modelName: "verification" },
    advanced: {
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: cfg.PORTAL_URL?.startsWith("https://") ?? false,
      database: { generateId: "uuid" },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    // Our own per-account and per-address lockout (lockout.ts) covers sign-in across replicas.
    rateLimit: { enabled: false },
    trustedOrigins: (request) => {
      const origin = request?.headers.get("origin");
      const host = request?.headers.get("host");
      // Same-origin only: the portal has no other front-end. An unparseable Origin is refused by
      // the Express front already; here it simply matches nothing.
      return origin && host && URL.canParse(origin) && new URL(origin).host === host
        ? [origin]
        : cfg.PORTAL_URL
          ? [cfg.PORTAL_URL]
          : [];
    },
    plugins: oidc,
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path.startsWith("/sign-in/")) refuseForeignCallbacks(ctx.body);
        if (ctx.path !== "/sign-in/email") return;
        const email = bodyEmail(ctx.body);
        // Looked up in PostgreSQL below (lockout, then the user): a NUL there is a database error.
        if (!storableText(email))
          throw new APIError("BAD_REQUEST", { message: "E-mail inválido.", code: "INVALID_EMAIL" });
        // Counted before better-auth checks the password, so parallel guesses cannot outrun it.
        const state = await claimSignInAttempt(email, ctx.request?.headers.get(CLIENT_IP_HEADER) ?? undefined);
        if (state.locked) {
          recordAuditInBackground({
            actor: { id: null, label: email.toLowerCase() },
            action: "auth.sign_in_blocked",
            data: { reason: state.reason ?? "account" },
          });
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Muitas tentativas de login sem sucesso. Tente novamente em ${Math.ceil((state.retryAfterSeconds ?? 900) / 60)} min.`,
            code: "LOCKED_OUT",
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const returned = ctx.context.returned;
        if (returned instanceof APIError && returned.statusCode === 401) {
          const email = bodyEmail(ctx.body).toLowerCase();
          await recordAudit({
            actor: { id: null, label: email },
            action: SIGN_IN_FAILED,
            data: { method: "password" },
          }).catch(() => undefined);
        }
      }),
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account keeps its history but can no longer sign in, by any method.
          before: async (session) => {
            const user = await db().user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            if (user?.disabledAt)
              throw new APIError("FORBIDDEN", {
                message: "Conta desativada. Fale com um administrador do portal.",
                code: "ACCOUNT_DISABLED",
              });
          },
          after: async (session) => {
            const user = await db().user.findUnique({ where: { id: session.userId }, select: { email: true } });
            if (user) await clearSignInAttempts(user.email);
            await recordAudit({
              actor: { id: session.userId, label: user?.email ?? session.userId },
              action: SIGN_IN,
              targetType: "session",
              targetId: session.id,
              ip: session.ipAddress ?? null,
            });
          },
        },
        delete: {
          after: async (session) => {
            const user = await db()
              .user.findUnique({ where: { id: session.userId }, select: { email: true } })
              .catch(() => null);
            recordAuditInBackground({
              actor: { id: session.userId, label: user?.email ?? session.userId },
              action: "auth.sign_out",
              targetType: "session",
              targetId: session.id,
            });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function auth(): Auth {
  return processSingleton("auth", createAuth);
}

export function oidcEnabled(): boolean {
  const cfg = config();
  return !!(cfg.OIDC_ISSUER && cfg.OIDC_CLIENT_ID && cfg.OIDC_CLIENT_SECRET);
}
