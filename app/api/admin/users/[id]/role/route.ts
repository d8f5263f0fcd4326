import { changeRole } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { message } from "@/lib/i18n/messages";

export const dynamic = "force-dynamic";

/** Sets a user's role; setting a value, so sending it again is harmless. The message is for the form. */
export const PUT = route({
  ...api.userRole,
  handle: async ({ params, body, user, locale }) => {
    const result = await changeRole(db(), params.id, body.role, { id: user.id, label: user.email });
    return { ...result, message: message(locale, result.changed ? "users.role.updated" : "users.role.unchanged") };
  },
});
