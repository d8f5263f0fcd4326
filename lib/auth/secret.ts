import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { logger } from "@/lib/observability/log";

/**
 * The key that signs session cookies. AUTH_SECRET in any real deployment (every replica must
 * share it); on a developer's machine a random one is generated once into .data/ so sessions
 * survive restarts without anyone choosing a weak default.
 */
export function authSecret(): string {
  const configured = config().AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(process.cwd(), ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  if (config().NODE_ENV === "production") {
    logger("auth").warn(
      "AUTH_SECRET is not set: using a secret generated into .data/auth-secret (not shared between replicas)",
    );
  }
  return readFileSync(file, "utf8").trim();
}
