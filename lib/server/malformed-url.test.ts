import assert from "node:assert/strict";
import { test } from "node:test";
import type { NextFunction, Request, Response } from "express";
import { pathProblem, rejectMalformedPath } from "@/lib/server/malformed-url";

test("paths with a stray %, a bad escape or invalid UTF-8 cannot be decoded", () => {
  for (const path of [
    "/api/incidents/%",
    "/api/checklists/%ZZ/current",
    "/incidents/%ED%A0%80",
    "/api/incidents/%E0%A4%A",
    "/admin/queues/api/queues/%/pause",
  ]) {
    assert.equal(pathProblem(path), "undecodable", path);
  }
});

test("dot segments, encoded or not, are refused; dots inside a segment are data", () => {
  for (const path of [
    "/api/checklists/runs/../ticks",
    "/api/%2e%2e/nao-existe",
    "/api/incidents/%2E/notes",
    "/a/./b",
    "/..",
  ]) {
    assert.equal(pathProblem(path), "dot-segment", path);
  }
  for (const path of [
    "/",
    "/api/incidents/00000000-0000-4000-8000-000000000000",
    "/runbooks/a%2Fb",
    "/x/%C3%A9%00",
    "/%25",
    "/_next/static/chunks/a.b.js",
    "/a/...",
    "/a/.b",
  ]) {
    assert.equal(pathProblem(path), null, path);
  }
});

test("a malformed path is answered 400 with a JSON message and goes no further", () => {
  let status = 0;
  let body: unknown;
  let passed = false;
  const res = {
    status: (s: number) => ((status = s), res),
    json: (b: unknown) => ((body = b), res),
  } as unknown as Response;
  rejectMalformedPath({ path: "/api/incidents/%" } as Request, res, (() => (passed = true)) as NextFunction);
  assert.equal(passed, false);
  assert.equal(status, 400);
  assert.match((body as { error: string }).error, /malformado/);

  rejectMalformedPath({ path: "/api/incidents" } as Request, res, (() => (passed = true)) as NextFunction);
  assert.equal(passed, true);
});
