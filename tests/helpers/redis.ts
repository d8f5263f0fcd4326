import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { config } from "@/lib/config";

/** A BullMQ prefix no one else on this shared Redis uses. */
export function uniquePrefix(label: string): string {
  return `test-${label}-${randomBytes(4).toString("hex")}`;
}

/** Removes every key under a prefix (SCAN, never KEYS, so a busy shared server is not blocked). */
export async function deletePrefix(prefix: string, url = config().REDIS_URL): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) removed += await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return removed;
}
