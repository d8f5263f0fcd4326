import assert from "node:assert/strict";
import { test } from "node:test";
import { safeNextPath } from "@/lib/auth/next-path";

test("a path of the portal is kept, with its query and fragment", () => {
  assert.equal(safeNextPath("/incidents?status=open#x"), "/incidents?status=open#x");
  assert.equal(safeNextPath(["/audit", "/other"]), "/audit");
  assert.equal(safeNextPath(undefined), "/");
});

test("anything that leads to another host is replaced by /", () => {
  for (const next of [
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil",
    "",
  ]) {
    assert.equal(safeNextPath(next), "/", JSON.stringify(next));
  }
});

test("dot segments that the parser resolves into a host-relative path are refused", () => {
  for (const next of [
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/a/..//evil.example",
    "/./\\evil.example",
    "/.//evil.example/path?x=1",
  ]) {
    assert.equal(safeNextPath(next), "/", JSON.stringify(next));
  }
  assert.equal(safeNextPath("/a/../incidents"), "/incidents");
});

test("what comes out can go in a Location header", () => {
  assert.equal(safeNextPath("/Ā é"), "/%C4%80%20%C3%A9");
  assert.match(safeNextPath('/"><img src=x onerror=alert(1)>'), /^[\x21-\x7e]*$/);
});
