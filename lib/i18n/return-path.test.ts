import assert from "node:assert/strict";
import { test } from "node:test";
import { returnPath } from "@/lib/i18n/return-path";

test("back to the page the user was on, on this host only", () => {
  assert.equal(
    returnPath("http://portal.local:3000/incidents?status=open#x", "portal.local:3000"),
    "/incidents?status=open",
  );
  assert.equal(returnPath("http://evil.example/incidents", "portal.local:3000"), "/");
  assert.equal(returnPath(null, "portal.local:3000"), "/");
  assert.equal(returnPath("http://portal.local:3000//evil.example/x", "portal.local:3000"), "/");
});

test("a Referer that is not a URL sends the user home instead of failing", () => {
  for (const referer of ["not a url", "/relative", "<script>window.__pwned=1</script>", "http://[::1", "://"]) {
    assert.equal(returnPath(referer, "portal.local:3000"), "/", referer);
  }
});
