import assert from "node:assert/strict";
import { test } from "node:test";
import { storableText, toStorableJson, toStorableText } from "@/lib/db/text";

test("NUL and lone surrogates are not storable; everything else is", () => {
  for (const bad of ["\u0000", "a\u0000b", "\uD800", "x\uDFFFy", "😀\uD83D"])
    assert.equal(storableText(bad), false, JSON.stringify(bad));
  for (const good of ["", "texto", "😀", "<script>", "e\u0301", "\uFEFF"])
    assert.equal(storableText(good), true, JSON.stringify(good));
});

test("machine-sent text and JSON are made storable, keys included", () => {
  assert.equal(toStorableText("a\u0000b\uD800😀"), "a\uFFFDb\uFFFD😀");
  assert.deepEqual(toStorableJson({ "k\u0000": ["\uDFFF", 1, null, { x: "ok" }] }), {
    "k\uFFFD": ["\uFFFD", 1, null, { x: "ok" }],
  });
  assert.equal(storableText(JSON.stringify(toStorableJson({ a: "\u0000\uD800" }))), true);
});
