import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

/** The history section; checklists are its first tab, incidents (MTTA / MTTR) the second. */
export default async function HistoryPage() {
  await requirePageUser("reports:read", "/history");
  redirect("/history/checklists");
}
