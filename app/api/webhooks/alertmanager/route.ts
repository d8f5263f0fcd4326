import { config } from "@/lib/config";
import { ingestAlert, type AlertResult } from "@/lib/incidents/alerts";
import { NO_STORE } from "@/lib/http/database-route";
import { rawBody, webhookRoute } from "@/lib/incidents/http";
import { parseAlertmanager, parseJson, verifyBearer } from "@/lib/incidents/webhooks";

export const dynamic = "force-dynamic";

/** POST from Prometheus Alertmanager (webhook_config with `authorization: { credentials: ALERTMANAGER_TOKEN }`). */
export const POST = webhookRoute("alertmanager", async (request: Request) => {
  verifyBearer(request.headers.get("authorization"), config().ALERTMANAGER_TOKEN);
  const alerts = parseAlertmanager(parseJson(await rawBody(request)));
  const results: AlertResult[] = [];
  for (const alert of alerts) results.push(await ingestAlert(alert));
  return Response.json({ results }, { headers: NO_STORE });
});
