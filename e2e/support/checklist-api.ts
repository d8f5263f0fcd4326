import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";

interface RunItem {
  id: string;
  required: boolean;
  ticked: boolean;
}

/** Opens the current run of a checklist through the API and returns its id and items. */
export async function openRun(
  request: APIRequestContext,
  baseURL: string,
  slug: string,
): Promise<{ id: string; items: RunItem[] }> {
  const response = await request.post(`${baseURL}/api/checklists/${slug}/current`, { headers: { origin: baseURL } });
  if (!response.ok()) throw new Error(`open run: ${response.status()} ${await response.text()}`);
  const { run } = (await response.json()) as { run: { id: string; items: RunItem[] } };
  return run;
}

export async function tick(
  request: APIRequestContext,
  baseURL: string,
  runId: string,
  itemId: string,
  note?: string,
  action: "tick" | "untick" = "tick",
): Promise<void> {
  const response = await request.post(`${baseURL}/api/checklists/runs/${runId}/ticks`, {
    headers: { origin: baseURL },
    data: { itemId, action, note, idempotencyKey: randomUUID() },
  });
  if (!response.ok()) throw new Error(`tick: ${response.status()} ${await response.text()}`);
}
