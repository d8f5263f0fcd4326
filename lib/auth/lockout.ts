import { db } from "@/lib/db/client";

// Brute-force protection that holds across portal replicas: failed sign-ins are already in
// the audit log, so counting them there needs no extra table and no Redis (sign-in keeps
// working when Redis is down).

export const SIGN_IN_FAILED = "auth.sign_in_failed";
export const SIGN_IN = "auth.sign_in";

export const LOCKOUT = {
  windowMinutes: 15,
  perAccount: 10,
  perIp: 30,
} as const;

export interface LockoutState {
  locked: boolean;
  reason?: "account" | "ip";
  retryAfterSeconds?: number;
}

/** Locked when the account (or the address) failed too often since its last successful sign-in. */
export async function signInLockout(email: string, ip: string | undefined, now = new Date()): Promise<LockoutState> {
  const since = new Date(now.getTime() - LOCKOUT.windowMinutes * 60_000);
  const label = email.trim().toLowerCase();
  const lastSuccess = await db().auditEvent.findFirst({
    where: { action: SIGN_IN, actorLabel: label, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const accountFailures = await db().auditEvent.findMany({
    where: { action: SIGN_IN_FAILED, actorLabel: label, at: { gte: lastSuccess?.at ?? since } },
    orderBy: { at: "asc" },
    select: { at: true },
    take: LOCKOUT.perAccount,
  });
  if (accountFailures.length >= LOCKOUT.perAccount) {
    return { locked: true, reason: "account", retryAfterSeconds: retryAfter(accountFailures[0]!.at, now) };
  }
  if (ip) {
    const ipFailures = await db().auditEvent.count({ where: { action: SIGN_IN_FAILED, ip, at: { gte: since } } });
    if (ipFailures >= LOCKOUT.perIp) return { locked: true, reason: "ip", retryAfterSeconds: LOCKOUT.windowMinutes * 60 };
  }
  return { locked: false };
}

function retryAfter(oldestCounted: Date, now: Date): number {
  return Math.max(1, Math.ceil((oldestCounted.getTime() + LOCKOUT.windowMinutes * 60_000 - now.getTime()) / 1000));
}
