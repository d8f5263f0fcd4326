import fc from "fast-check";
import { ROLES } from "@/lib/auth/permissions";
import { api } from "@/lib/http/contracts";
import { bodyFields, covers } from "../contract";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { jsonBody, pathSegment } from "../shapes";

// Users and roles (lib/auth/users.ts): admins only; an admin cannot demote themself.

export function userEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "PUT /api/admin/users/[id]/role",
      covers: covers(api.userRole),
      requests: (ctx) =>
        request({
          method: "PUT",
          // Throw-away accounts and the admin's own id, also upper-cased (the self-demotion rule); never a demo account.
          path: pathSegment(
            fc.constantFrom(
              ...ctx.targets.map((u) => u.id),
              ctx.users.admin.id,
              ctx.users.admin.id.toUpperCase(),
              ctx.disabledUser.id,
            ),
          ).map((id) => `/api/admin/users/${id}/role`),
          who: caller(api.userRole.permission),
          body: jsonBody(bodyFields(api.userRole, { role: fc.constantFrom(...ROLES) })),
          baseUrl: ctx.baseUrl,
        }),
    },
  ];
}
