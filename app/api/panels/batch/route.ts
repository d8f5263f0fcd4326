import { NextResponse, type NextRequest } from "next/server";
import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { NO_STORE, route } from "@/lib/http/route";
import { loadPanel } from "@/lib/panels/load";
import { parsePanelBatch } from "@/lib/panels/request";
import type { PanelBatchResponse } from "@/lib/panels/types";

export const dynamic = "force-dynamic";

/** ?p=panel%3Ddlq%26queue%3Dpayments&p=…: a page's periodic refresh in one request. */
export const GET = route({
  ...api.panelBatch,
  handle: async ({ request }) => {
    const parsed = parsePanelBatch((request as NextRequest).nextUrl.searchParams, config().queues);
    if (!parsed.ok) return NextResponse.json({ error: parsed.message }, { status: 400, headers: NO_STORE });
    // loadPanel never throws: one source down gives that panel an error snapshot, not the batch a 500.
    const snapshots = await Promise.all(parsed.panels.map(({ panel, page }) => loadPanel(panel, page)));
    return {
      panels: parsed.panels.map(({ panel, page }, i) => ({ panel, page, snapshot: snapshots[i]! })),
    } satisfies PanelBatchResponse;
  },
});
