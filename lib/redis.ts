import { Redis, type RedisOptions } from "ioredis";
import { config } from "@/lib/config";
import { logger } from "@/lib/observability/log";
import { processSingleton, peekSingleton, forgetSingleton } from "@/lib/runtime";

/**
 * Options for connections that serve web requests: when Redis is down, commands fail at once
 * (no offline queue) so a page or panel can say so instead of hanging, while the client keeps
 * reconnecting in the background and recovers by itself.
 */
export function requestRedisOptions(): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: null,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  };
}

/** Options for BullMQ workers: blocking commands must wait across reconnects. */
export function workerRedisOptions(): RedisOptions {
  return { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 200, 2000) };
}

export function createRedis(url: string, options: RedisOptions, purpose: string): Redis {
  const client = new Redis(url, options);
  const log = logger("redis");
  let lastError = "";
  // Log each distinct failure once per outage rather than every reconnect attempt.
  client.on("error", (err: Error) => {
    if (err.message !== lastError) log.warn({ purpose, err: err.message }, "redis connection error");
    lastError = err.message;
  });
  client.on("ready", () => {
    if (lastError) log.info({ purpose }, "redis connection restored");
    lastError = "";
  });
  return client;
}

/** Shared connection for queue inspection and health checks in this process. */
export function redis(): Redis {
  return processSingleton("redis", () => createRedis(config().REDIS_URL, requestRedisOptions(), "portal"));
}

export async function disconnectRedis(): Promise<void> {
  const client = peekSingleton<Redis>("redis");
  if (!client) return;
  forgetSingleton("redis");
  await client.quit().catch(() => client.disconnect());
}
