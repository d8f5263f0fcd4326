import { db } from "@/lib/db/client";
import { PERMISSIONS } from "@/lib/auth/permissions";

/** Who may command an incident (anyone who may change incidents), for the select boxes. */
export async function listCommanders(prisma = db()): Promise<Array<{ id: string; name: string }>> {
  return prisma.user.findMany({
    where: { disabledAt: null, role: { in: [...PERMISSIONS["incidents:write"]] } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
