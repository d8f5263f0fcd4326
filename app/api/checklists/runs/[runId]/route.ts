import { getRun } from "@/lib/checklists/runs";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A run's RunState (items, their latest row, progress); past runs are readOnly. */
export const GET = route({ ...api.checklistRun, handle: async ({ params }) => ({ run: await getRun(params.runId) }) });
