import { NextResponse, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { NO_STORE, route } from "@/lib/http/route";
import { loadPanel } from "@/lib/panels/load";
import { parsePanelRequest } from "@/lib/panels/request";
import type { PanelResponse } from "@/lib/panels/types";

export const dynamic = "force-dynamic";

/** ?panel=dlq&queue=payments[&page=N]: one live panel's data, for the page's refresh. */
export const GET = route({
  ...api.panel,
  handle: async ({ request }) => {
    const parsed = parsePanelRequest((request as NextRequest).nextUrl.searchParams, config().queues);
    if (!parsed.ok) return NextResponse.json({ error: parsed.message }, { status: 400, headers: NO_STORE });
    const snapshot = await loadPanel(parsed.panel, parsed.page);
    return { panel: parsed.panel, page: parsed.page, snapshot } satisfies PanelResponse;
  },
});
