import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import express from "express";
import { exposedAuthEndpoints } from "@/lib/server/auth-gate";
import { serve } from "@/tests/helpers/express";

function send(port: number, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Raw paths: fetch would resolve the ".." segments before sending them.
    const req = http.request(
      { host: "127.0.0.1", port, method, path, agent: false, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

test("only the auth endpoints the portal uses reach better-auth; the rest are 404", async () => {
  const app = express();
  app.all(
    "/api/auth/{*splat}",
    exposedAuthEndpoints,
    (_req, res) => void res.status(200).json({ reached: "better-auth" }),
  );
  const { port, close } = await serve(app);
  try {
    for (const [method, path] of [
      ["POST", "/api/auth/sign-in/email"],
      ["POST", "/api/auth/sign-in/social"],
      ["GET", "/api/auth/callback/oidc?code=x&state=y"],
      ["POST", "/api/auth/sign-out"],
      ["GET", "/api/auth/get-session"],
      ["GET", "/api/auth/error?error=x"],
    ]) {
      assert.equal(await send(port, method!, path!), 200, `${method} ${path}`);
    }
    for (const [method, path] of [
      ["POST", "/api/auth/update-user"],
      ["POST", "/api/auth/change-password"],
      ["POST", "/api/auth/change-email"],
      ["POST", "/api/auth/delete-user"],
      ["GET", "/api/auth/list-sessions"],
      ["POST", "/api/auth/sign-up/email"],
      ["POST", "/api/auth/revoke-sessions"],
      ["GET", "/api/auth/ok"],
      ["GET", "/api/auth/sign-in/email"],
      ["POST", "/api/auth/get-session/../update-user"],
      ["POST", "/api/auth/sign-in/email/"],
      ["POST", "/api/auth/sign-in%2Femail"],
      ["GET", "/api/auth/callback/other"],
    ]) {
      assert.equal(await send(port, method!, path!), 404, `${method} ${path}`);
    }
  } finally {
    await close();
  }
});
