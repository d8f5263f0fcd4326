import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { freePort } from "@/tools/dev/ports";
import { ensureRedis, redisAnswers } from "@/tools/dev/services";

test("a Redis that is installed but not running is started on the configured port", async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), "ops-services-"));
  try {
    assert.equal(await redisAnswers(url), false);
    const status = await ensureRedis(url, dataRoot);
    assert.equal(status.action, "started", status.detail);
    assert.equal(await redisAnswers(url), true);
    assert.equal((await ensureRedis(url, dataRoot)).action, "already running");
  } finally {
    spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
    rmSync(dataRoot, { recursive: true, force: true });
  }
});
