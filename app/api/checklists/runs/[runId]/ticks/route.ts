import { recordTick } from "@/lib/checklists/ticks";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Records a tick or untick (body: lib/checklists/validation.ts); answers the TickResult. */
export const POST = route({ ...api.tick, handle: ({ params, body, user }) => recordTick(params.runId, body, user) });
