import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis";

export type DependencyName = "postgres" | "redis";

export interface DependencyCheck {
  status: "up" | "down";
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  status: "ready" | "unavailable";
  checks: Record<DependencyName, DependencyCheck>;
}

const CHECK_TIMEOUT_MS = 2000;

async function timed(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: "up", latencyMs: round(performance.now() - started) };
  } catch (err) {
    return { status: "down", latencyMs: round(performance.now() - started), error: describe(err) };
  } finally {
    clearTimeout(timer);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    // Driver errors for a refused connection carry the useful part in `code`, not the message.
    const code = (err as Error & { code?: string }).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message || code || "unknown error";
  }
  return String(err);
}

export function checkPostgres(): Promise<DependencyCheck> {
  return timed(() => db().$queryRaw`SELECT 1`);
}

export function checkRedis(): Promise<DependencyCheck> {
  return timed(() => redis().ping());
}

export async function readiness(): Promise<Readiness> {
  const [postgres, redisCheck] = await Promise.all([checkPostgres(), checkRedis()]);
  const checks = { postgres, redis: redisCheck };
  const ready = Object.values(checks).every((c) => c.status === "up");
  return { status: ready ? "ready" : "unavailable", checks };
}
