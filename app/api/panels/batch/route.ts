import { NextResponse, type NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { handle } from "@/lib/http/route";
import { loadPanel } from "@/lib/panels/load";
import { parsePanelBatch } from "@/lib/panels/request";
import type { PanelBatchResponse } from "@/lib/panels/types";

export const dynamic = "force-dynamic";

/** GET /api/panels/batch?p=panel%3Ddlq%26queue%3Dpayments&p=…: a page's periodic refresh in one request. */
export const GET = handle(async (request: NextRequest) => {
  await requireUser("portal:read", request.headers);
  const parsed = parsePanelBatch(request.nextUrl.searchParams, config().queues);
  if (!parsed.ok) {
    return NextResponse.json({ error: parsed.message }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  // loadPanel never throws: one source down gives that panel an error snapshot, not the batch a 500.
  const snapshots = await Promise.all(parsed.panels.map(({ panel, page }) => loadPanel(panel, page)));
  const body: PanelBatchResponse = { panels: parsed.panels.map(({ panel, page }, i) => ({ panel, page, snapshot: snapshots[i]! })) };
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
});
