import assert from "node:assert/strict";
import { test } from "node:test";
import { changeUserRole } from "@/app/admin/users/actions";

test("called without its form (as any client may call a server action), the role change is refused", async () => {
  for (const args of [[], [new FormData()], [null, "texto"], [null, 42], [null, { userId: "x", role: "admin" }]] as unknown[][]) {
    const state = await (changeUserRole as (...a: unknown[]) => Promise<{ ok: boolean; message: string }>)(...args);
    assert.equal(state.ok, false, JSON.stringify(args));
    assert.match(state.message, /formulário/);
  }
});
