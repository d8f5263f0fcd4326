import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_GUARD_RAILS_SPEC, parseGuardRails, type GuardRails } from "@/lib/queues/guard-rails";

// The only module that reads process.env. Everything is validated once, at start-up, so a bad
// value stops the process with a message instead of failing later in a request.

const queueSpec = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]*(:[^,:]+)?)?$/, "each queue must be name[:dlq[:Display name]]");

export interface MonitoredQueue {
  name: string;
  /** The dead-letter queue that receives this queue's jobs once their retries are exhausted. */
  dlq: string | null;
  displayName: string;
}

function parseQueues(spec: string): MonitoredQueue[] {
  return spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, dlq, displayName] = part.split(":");
      return { name: name!, dlq: dlq || null, displayName: displayName?.trim() || name! };
    });
}

const guardRails = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .string()
    .transform((spec, ctx) => {
      try {
        return parseGuardRails(spec);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
);

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as America/Sao_Paulo");

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const postgresUrl = z.string().refine((value) => {
  const url = parsedUrl(value);
  return url !== null && /^postgres(ql)?:$/.test(url.protocol) && url.pathname.length > 1;
}, "a URL such as postgresql://user@host:5432/database");

const redisUrl = z.string().refine((value) => {
  const url = parsedUrl(value);
  return url !== null && /^rediss?:$/.test(url.protocol);
}, "a URL such as redis://127.0.0.1:6379");

const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.string().url("a URL").optional());
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
/**
 * Which proxies' X-Forwarded-For Express believes (its `trust proxy`): "false", a hop count, or a
 * comma-separated list of proxy addresses and CIDRs (Express's names loopback, linklocal and
 * uniquelocal included). Never a bare "true": that takes the left-most address, which the client
 * writes, so a spoofed address would escape the per-address lockout and land in the audit log.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function proxyEntryValid(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .refine(
    (v) => v !== "true",
    "a hop count (e.g. 1) or the proxies' addresses/CIDRs, never true (it believes any X-Forwarded-For a client writes)",
  )
  .refine(
    (v) => v === "false" || /^\d{1,2}$/.test(v) || v.split(",").every((e) => proxyEntryValid(e.trim())),
    "false, a hop count such as 1, or a comma-separated list of proxy addresses/CIDRs (loopback, 10.0.0.0/8, ...)",
  )
  .transform((v): TrustProxy =>
    v === "false" || v === "0" ? false : /^\d+$/.test(v) ? Number(v) : v.split(",").map((e) => e.trim()),
  );

const sampleRate = z.coerce.number().min(0, "a number from 0 to 1").max(1, "a number from 0 to 1");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int("an integer port").min(1).max(65535, "a port from 1 to 65535").default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: postgresUrl.default("postgresql://postgres@127.0.0.1:5432/ops_portal"),
    REDIS_URL: redisUrl.default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only")
      .default("bull"),
    MONITORED_QUEUES: z
      .string()
      .default(
        "payments:payments-dlq:Pagamentos,notifications:notifications-dlq:Notificações,reports:reports-dlq:Relatórios",
      )
      .pipe(
        z
          .string()
          .refine(
            (s) => s.split(",").every((p) => queueSpec.safeParse(p).success),
            "a comma-separated list of name[:dlq[:Display name]]",
          ),
      ),
    /** Minutes between full scans that reconcile the job search index with Redis (0: only at start-up and take-over). */
    JOB_INDEX_RECONCILE_MINUTES: z.coerce
      .number()
      .int("minutes, an integer")
      .min(0, "minutes from 0 to 1440")
      .max(1440, "minutes from 0 to 1440")
      .default(15),
    /** Bull Board actions refused per queue (runbook 03); unset: payments and payments-dlq's defaults. */
    QUEUE_GUARD_RAILS: guardRails,
    TIMEZONE: timezone.default("America/Sao_Paulo"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SENTRY_DSN: optionalUrl,
    SENTRY_ENVIRONMENT: z.string().default("development"),
    SENTRY_RELEASE: optionalString,
    SENTRY_TRACES_SAMPLE_RATE: sampleRate.default(0.1),
    SENTRY_API_URL: z.string().url("a URL such as https://sentry.io").default("https://sentry.io"),
    SENTRY_ORG: optionalString,
    SENTRY_PROJECT: optionalString,
    SENTRY_AUTH_TOKEN: optionalString,
    /** How long a Sentry panel waits for Sentry's web API before it says so (the page never waits for it). */
    SENTRY_TIMEOUT_MS: z.coerce
      .number()
      .int("milliseconds, an integer")
      .min(100, "milliseconds from 100 to 8000")
      .max(8000, "milliseconds from 100 to 8000 (the page gives up on a panel after 10 s)")
      .default(3000),
    /** The browser's DSN (inlined at build time); here only so the CSP lets the browser reach it. */
    NEXT_PUBLIC_SENTRY_DSN: optionalUrl,
    PORTAL_URL: optionalUrl,
    AUTH_SECRET: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.string().min(32, "at least 32 random characters (e.g. openssl rand -base64 32)").optional(),
    ),
    SESSION_HOURS: z.coerce.number().int().min(1, "hours from 1 to 720").max(720, "hours from 1 to 720").default(12),
    TRUST_PROXY: trustProxy.default(["loopback"]),
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_PROVIDER_NAME: z.string().min(1).default("SSO"),
    OIDC_DEFAULT_ROLE: z.enum(["viewer", "operator", "manager", "admin"]).default("viewer"),
    METRICS_TOKEN: optionalString,
    /** Client secret of the Sentry internal integration: webhooks are verified with it (none: 401). */
    SENTRY_WEBHOOK_SECRET: optionalString,
    /** Bearer token Alertmanager sends to /api/webhooks/alertmanager (none: 401). */
    ALERTMANAGER_TOKEN: optionalString,
    // Test-only routes under /api/debug (one throws on purpose): 404 unless 1. Never set in production.
    ENABLE_TEST_ROUTES: z
      .enum(["0", "1"], "0 or 1")
      .default("0")
      .transform((v) => v === "1"),
  })
  .superRefine((env, ctx) => {
    // A misspelt queue would silently protect nothing.
    const watched = new Set(parseQueues(env.MONITORED_QUEUES).flatMap((q) => (q.dlq ? [q.name, q.dlq] : [q.name])));
    const unwatched = Object.keys(env.QUEUE_GUARD_RAILS ?? {}).find((q) => !watched.has(q));
    if (unwatched)
      ctx.addIssue({
        code: "custom",
        path: ["QUEUE_GUARD_RAILS"],
        message: `queues from MONITORED_QUEUES or their DLQs ("${unwatched}" is not monitored)`,
      });
    if (env.ENABLE_TEST_ROUTES && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["ENABLE_TEST_ROUTES"],
        message: "0 with NODE_ENV=production (the test routes throw on purpose and are never deployed)",
      });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      for (const [key, value] of [
        ["OIDC_ISSUER", env.OIDC_ISSUER],
        ["OIDC_CLIENT_ID", env.OIDC_CLIENT_ID],
        ["OIDC_CLIENT_SECRET", env.OIDC_CLIENT_SECRET],
      ] as const) {
        if (!value)
          ctx.addIssue({ code: "custom", path: [key], message: "set together with the other OIDC_* variables" });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, "MONITORED_QUEUES" | "QUEUE_GUARD_RAILS"> {
  queues: MonitoredQueue[];
  /** Per-queue guard-rails (lib/queues/guard-rails.ts). */
  guardRails: GuardRails;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Variables whose value is never repeated in an error message (it goes to the log). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|DSN/;

/** What an error message may say about a bad value: secrets by length only, URL credentials masked. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return "missing";
  if (SECRET_NAME.test(name)) return `got ${value.length} characters, not shown`;
  const masked = value.replace(/\/\/[^/@]*@/g, "//***@");
  return `got ${JSON.stringify(masked.length > 60 ? `${masked.slice(0, 57)}...` : masked)}`;
}

/** Parses an environment; throws ConfigError with one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      const shown = shownValue(name, env[name]);
      return `${name}: expected ${issue.message.replace(/^Invalid (input|option|URL)(: )?(expected )?/, "") || "a valid value"} (${shown})`;
    });
    throw new ConfigError(problems);
  }
  const { MONITORED_QUEUES, QUEUE_GUARD_RAILS, ...rest } = result.data;
  const queues = parseQueues(MONITORED_QUEUES);
  return { ...rest, queues, guardRails: QUEUE_GUARD_RAILS ?? defaultGuardRails(queues) };
}

/** The default policy, for those of its queues that are monitored. */
function defaultGuardRails(queues: MonitoredQueue[]): GuardRails {
  const watched = new Set(queues.flatMap((q) => (q.dlq ? [q.name, q.dlq] : [q.name])));
  return Object.fromEntries(Object.entries(parseGuardRails(DEFAULT_GUARD_RAILS_SPEC)).filter(([q]) => watched.has(q)));
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Every queue name the portal watches: each monitored queue and its DLQ. */
export function allQueueNames(cfg: Config = config()): string[] {
  return cfg.queues.flatMap((q) => (q.dlq ? [q.name, q.dlq] : [q.name]));
}
