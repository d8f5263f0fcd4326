import { db } from "@/lib/db/client";

// Brute-force protection that holds across portal replicas and without Redis (sign-in keeps
// working when Redis is down). Every password attempt is written to PostgreSQL before the
// password is checked, then counted: 25 guesses sent at once are 25 rows, so no more than the
// limit are ever evaluated. An account's attempts are cleared when it signs in; what remains in
// the window — failures, and attempts still being checked — is what the limits count.

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

const accountKey = (email: string) => email.trim().toLowerCase();

/**
 * Records a password attempt for `email` from `ip` and says whether it may go on to the password
 * check: not when the account already has `perAccount` attempts in the window (or the address
 * `perIp`). A refused attempt is not kept, so a lock ends a window after the attempts that made it.
 */
export async function claimSignInAttempt(
  email: string,
  ip: string | undefined,
  now = new Date(),
): Promise<LockoutState> {
  const since = new Date(now.getTime() - LOCKOUT.windowMinutes * 60_000);
  const account = accountKey(email);
  await db().signInAttempt.deleteMany({ where: { at: { lt: since } } });
  // Its own statement, committed before the count: of attempts running at once, the last to count sees all.
  const attempt = await db().signInAttempt.create({ data: { account, ip: ip || null, at: now }, select: { id: true } });
  const refuse = async (state: LockoutState): Promise<LockoutState> => {
    await db().signInAttempt.deleteMany({ where: { id: attempt.id } });
    return state;
  };
  const accountAttempts = await db().signInAttempt.findMany({
    where: { account, at: { gte: since } },
    orderBy: { at: "asc" },
    select: { at: true },
    take: LOCKOUT.perAccount + 1,
  });
  if (accountAttempts.length > LOCKOUT.perAccount) {
    return refuse({ locked: true, reason: "account", retryAfterSeconds: retryAfter(accountAttempts[0]!.at, now) });
  }
  if (ip && (await db().signInAttempt.count({ where: { ip, at: { gte: since } } })) > LOCKOUT.perIp) {
    return refuse({ locked: true, reason: "ip", retryAfterSeconds: LOCKOUT.windowMinutes * 60 });
  }
  return { locked: false };
}

/** A successful sign-in (by any method) clears the account's attempts. */
export async function clearSignInAttempts(email: string): Promise<void> {
  await db().signInAttempt.deleteMany({ where: { account: accountKey(email) } });
}

function retryAfter(oldestCounted: Date, now: Date): number {
  return Math.max(1, Math.ceil((oldestCounted.getTime() + LOCKOUT.windowMinutes * 60_000 - now.getTime()) / 1000));
}
