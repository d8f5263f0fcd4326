import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

/** The incident reports moved into the history area, beside the checklist history; old links keep working. */
export default async function IncidentReportsRedirect({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("reports:read", "/incidents/reports");
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const name of ["from", "to"]) {
    const value = raw[name];
    if (typeof value === "string" && value) params.set(name, value);
  }
  redirect(`/history/incidents${params.size ? `?${params.toString()}` : ""}`);
}
