import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { csrfProtection, malformedOrigin } from "@/lib/server/security";
import { serve } from "@/tests/helpers/express";

test("an Origin that names no origin is malformed; a real one is not", () => {
  for (const origin of ["null", "", "evil", "http://", "javascript:alert(1)", "http://127.0.0.1:3000/", "http://a b"])
    assert.equal(malformedOrigin(origin), true, origin);
  for (const origin of [undefined, "http://127.0.0.1:3000", "https://ops-portal.example.com"])
    assert.equal(malformedOrigin(origin), false, String(origin));
});

test("a read with a malformed Origin is refused with a JSON 403 before anything else sees it", async () => {
  const app = express();
  app.use(csrfProtection);
  app.use((_req, res) => void res.status(200).json({ reached: true }));
  const { base, close } = await serve(app);
  try {
    const refused = await fetch(`${base}/api/auth/get-session`, { headers: { origin: "null" } });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: string }).error, /Origin/);
    assert.equal((await fetch(`${base}/api/auth/get-session`, { headers: { origin: base } })).status, 200);
    assert.equal((await fetch(`${base}/api/auth/get-session`)).status, 200);
    // Machine-to-machine endpoints authenticate by signature; their Origin means nothing.
    assert.equal(
      (await fetch(`${base}/api/webhooks/sentry`, { method: "POST", headers: { origin: "null" } })).status,
      200,
    );
  } finally {
    await close();
  }
});
