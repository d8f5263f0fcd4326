import { currentRun, openCurrentRun } from "@/lib/checklists/runs";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The current period and its run (null until someone opens it). Does not create the run. */
export const GET = route({ ...api.currentChecklist, handle: ({ params }) => currentRun(params.slug) });

/** Opens the current period's run, creating it on first open; answers its RunState. */
export const POST = route({
  ...api.openChecklist,
  handle: async ({ params }) => ({ run: await openCurrentRun(params.slug) }),
});
