import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

// A lease in Redis: the one replica holding it indexes, the others wait and take over when it
// stops renewing (crash, network split) — after at most one lease period.

const ACQUIRE_OR_RENEW = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return 1 end
return 0`;

const RELEASE = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

export class RedisLease {
  readonly token = randomBytes(12).toString("hex");

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs: number,
  ) {}

  /** True while this holder owns the lease (taking it when free, extending it when ours). */
  async hold(): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE_OR_RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}
