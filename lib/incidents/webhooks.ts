import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { toStorableText } from "@/lib/db/text";
import { BadRequestError, UnauthorizedError } from "@/lib/http/errors";
import type { Alert } from "./alerts";

// Verifying and reading alert webhooks. Nothing here touches the database: a request that fails
// here is answered 401/400 with the reason and creates nothing (the route logs it).

export const WEBHOOK_MAX_BYTES = 256 * 1024;

/** Hex HMAC-SHA256 of the raw body with the Sentry integration's client secret. */
export function sentrySignature(rawBody: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifySentrySignature(
  rawBody: string | Buffer,
  header: string | null,
  secret: string | undefined,
): void {
  if (!secret) throw new UnauthorizedError("Webhook do Sentry não configurado (SENTRY_WEBHOOK_SECRET).");
  if (!header) throw new UnauthorizedError("Assinatura ausente (cabeçalho Sentry-Hook-Signature).");
  if (!/^[0-9a-f]{64}$/i.test(header.trim()))
    throw new UnauthorizedError("Assinatura malformada (esperado HMAC-SHA256 em hexadecimal).");
  if (!safeEqual(header.trim().toLowerCase(), sentrySignature(rawBody, secret)))
    throw new UnauthorizedError("Assinatura inválida.");
}

/** How far Sentry-Hook-Timestamp may be from the portal's clock, either way. */
export const SENTRY_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/**
 * Refuses a delivery stamped outside ±5 minutes of now (Sentry-Hook-Timestamp, seconds since the
 * epoch): an old delivery sent again is not news. The signature does not cover the header, so
 * the real defence against a replay is the delivery id below; this keeps out stale ones early.
 */
export function verifySentryTimestamp(header: string | null, now = Date.now()): void {
  const value = header?.trim() ?? "";
  if (!value) throw new UnauthorizedError("Carimbo de tempo ausente (cabeçalho Sentry-Hook-Timestamp).");
  const seconds = /^\d{1,16}(\.\d+)?$/.test(value) ? Number(value) : NaN;
  // Some senders stamp milliseconds: anything past the year 5000 in seconds is read that way.
  const stamped = seconds > 1e11 ? seconds / 1000 : seconds;
  if (!Number.isFinite(stamped) || Math.abs(now / 1000 - stamped) > SENTRY_TIMESTAMP_TOLERANCE_SECONDS) {
    throw new UnauthorizedError(
      "Entrega fora da janela de 5 minutos (Sentry-Hook-Timestamp): reenvios antigos são recusados.",
    );
  }
}

/**
 * The id a Sentry delivery is recognised by when it comes again: a hash of the signed body. The
 * Request-ID header is not signed, so a replay could carry a fresh one and count as new.
 */
export function sentryDeliveryId(rawBody: string | Buffer): string {
  return createHash("sha256").update(rawBody).digest("hex");
}

export function verifyBearer(header: string | null, token: string | undefined): void {
  if (!token) throw new UnauthorizedError("Webhook do Alertmanager não configurado (ALERTMANAGER_TOKEN).");
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "");
  if (!match) throw new UnauthorizedError("Token ausente (Authorization: Bearer).");
  if (!safeEqual(match[1]!, token)) throw new UnauthorizedError("Token inválido.");
}

export function parseJson(raw: string): unknown {
  if (!raw) throw new BadRequestError("Corpo vazio.");
  try {
    return JSON.parse(raw);
  } catch {
    throw new BadRequestError("O corpo não é JSON válido.");
  }
}

/**
 * The alert with every text it carries made storable (NUL and lone surrogates → U+FFFD): an alert
 * is kept with one odd character replaced rather than lost to a database error.
 */
function storableAlert(alert: Alert): Alert {
  const details =
    alert.details &&
    Object.fromEntries(
      Object.entries(alert.details).map(([k, v]) => [k, typeof v === "string" ? toStorableText(v) : v]),
    );
  return {
    ...alert,
    fingerprint: toStorableText(alert.fingerprint),
    matchText: alert.matchText.map(toStorableText),
    title: toStorableText(alert.title),
    url: alert.url === undefined ? undefined : toStorableText(alert.url),
    deliveryId: alert.deliveryId === undefined ? undefined : toStorableText(alert.deliveryId),
    details,
  };
}

function invalid(err: z.ZodError): never {
  throw new BadRequestError(
    "Corpo do webhook inválido.",
    err.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}

const id = z.union([z.string().min(1), z.number()]).transform(String);

/** A sender's word for a severity, never an inherited property ("constructor"). */
const lookup = (map: Record<string, Alert["severity"]>, word: string | undefined) =>
  word && Object.hasOwn(map, word) ? map[word] : undefined;

/** Sentry issue levels that say how bad it is; debug/info/sample carry no severity. */
const SENTRY_LEVELS: Record<string, Alert["severity"]> = { fatal: "P1", error: "P2", warning: "P3" };

const metricAlertSchema = z.object({
  action: z.enum(["critical", "warning", "resolved"]),
  data: z.object({
    metric_alert: z.object({
      id: id.optional(),
      identifier: id,
      title: z.string().optional(),
      alert_rule: z.object({ id, name: z.string().min(1), aggregate: z.string().optional() }),
    }),
    description_title: z.string().optional(),
    description_text: z.string().optional(),
    web_url: z.string().optional(),
  }),
});

const issueAlertSchema = z.object({
  action: z.string(),
  data: z.object({
    event: z.object({
      issue_id: id,
      title: z.string().min(1),
      level: z.string().optional(),
      web_url: z.string().optional(),
      issue_url: z.string().optional(),
    }),
    triggered_rule: z.string().optional(),
  }),
});

/** The alert in a verified Sentry delivery (`delivery`: sentryDeliveryId), or null for resources that are not alerts. */
export function parseSentry(resource: string | null, body: unknown, delivery: string | null): Alert | null {
  const deliveryId = delivery?.trim().slice(0, 100) || undefined;
  if (resource === "metric_alert") {
    const parsed = metricAlertSchema.safeParse(body);
    if (!parsed.success) invalid(parsed.error);
    const { action, data } = parsed.data;
    const rule = data.metric_alert.alert_rule;
    const title = data.description_title || data.metric_alert.title || rule.name;
    return storableAlert({
      source: "sentry",
      fingerprint: `sentry:metric:${rule.id}:${data.metric_alert.identifier}`,
      matchText: [rule.name, title, data.metric_alert.title ?? ""],
      title,
      status: action === "resolved" ? "resolved" : "firing",
      severity: action === "critical" ? "P1" : "P3",
      url: data.web_url,
      deliveryId,
      details: {
        kind: "metric_alert",
        action,
        rule: rule.name,
        description: data.description_text?.slice(0, 500) ?? null,
      },
    });
  }
  if (resource === "event_alert") {
    const parsed = issueAlertSchema.safeParse(body);
    if (!parsed.success) invalid(parsed.error);
    const { data } = parsed.data;
    return storableAlert({
      source: "sentry",
      fingerprint: `sentry:issue:${data.event.issue_id}`,
      matchText: [data.triggered_rule ?? "", data.event.title],
      title: data.event.title,
      status: "firing",
      severity: lookup(SENTRY_LEVELS, data.event.level),
      url: data.event.web_url ?? data.event.issue_url,
      deliveryId,
      details: { kind: "issue_alert", rule: data.triggered_rule ?? null, level: data.event.level ?? null },
    });
  }
  if (!resource) throw new BadRequestError("Cabeçalho Sentry-Hook-Resource ausente.");
  return null;
}

const alertmanagerSchema = z.object({
  version: z.string().optional(),
  status: z.enum(["firing", "resolved"]),
  groupKey: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels: z.record(z.string(), z.string()).refine((l) => !!l.alertname, "labels.alertname obrigatório"),
        annotations: z.record(z.string(), z.string()).default({}),
        startsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().min(1).optional(),
      }),
    )
    .min(1, "nenhum alerta")
    .max(100),
});

const SEVERITY_LABELS: Record<string, Alert["severity"]> = {
  critical: "P1",
  page: "P1",
  warning: "P2",
  info: "P3",
  p1: "P1",
  p2: "P2",
  p3: "P3",
};

export function parseAlertmanager(body: unknown): Alert[] {
  const parsed = alertmanagerSchema.safeParse(body);
  if (!parsed.success) invalid(parsed.error);
  return parsed.data.alerts.map((a) => {
    const labels = a.labels;
    const key =
      a.fingerprint ??
      Object.keys(labels)
        .sort()
        .map((k) => `${k}=${labels[k]}`)
        .join(",");
    const title = a.annotations.summary || `${labels.alertname}${labels.queue ? ` (${labels.queue})` : ""}`;
    return storableAlert({
      source: "alertmanager" as const,
      fingerprint: `alertmanager:${key}`.slice(0, 300),
      matchText: [labels.alertname!],
      title,
      status: a.status,
      severity: lookup(SEVERITY_LABELS, labels.severity?.trim().toLowerCase()),
      url: a.generatorURL,
      // Alertmanager re-sends a group on every repeat_interval: each one is worth an entry.
      // runbookUrl (its #step) and queue let the incident page open at that step, scoped to that queue.
      details: {
        kind: "alertmanager",
        alertname: labels.alertname!,
        startsAt: a.startsAt ?? null,
        description: a.annotations.description?.slice(0, 500) ?? null,
        runbookUrl: a.annotations.runbook_url?.slice(0, 500) ?? null,
        queue: labels.queue?.slice(0, 100) ?? null,
      },
    });
  });
}
