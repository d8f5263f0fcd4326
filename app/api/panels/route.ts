import { NextResponse, type NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { handle } from "@/lib/http/route";
import { loadPanel } from "@/lib/panels/load";
import { parsePanelRequest } from "@/lib/panels/request";
import type { PanelResponse } from "@/lib/panels/types";

export const dynamic = "force-dynamic";

/** GET /api/panels?panel=dlq&queue=payments[&page=N]: one live panel's data, for the page's refresh. */
export const GET = handle(async (request: NextRequest) => {
  await requireUser("portal:read", request.headers);
  const parsed = parsePanelRequest(request.nextUrl.searchParams, config().queues);
  if (!parsed.ok) {
    return NextResponse.json({ error: parsed.message }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  const snapshot = await loadPanel(parsed.panel, parsed.page);
  const body: PanelResponse = { panel: parsed.panel, page: parsed.page, snapshot };
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
});
