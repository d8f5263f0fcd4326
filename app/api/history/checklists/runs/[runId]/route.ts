import { runDetail } from "@/lib/checklists/history";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A run with every tick and untick (time, person, note, evidence). */
export const GET = route({ ...api.checklistRunDetail, handle: ({ params }) => runDetail(params.runId) });
