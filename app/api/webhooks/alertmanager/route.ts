import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { route } from "@/lib/http/route";
import { ingestAlert, type AlertResult } from "@/lib/incidents/alerts";
import { parseAlertmanager, parseJson, verifyBearer } from "@/lib/incidents/webhooks";

export const dynamic = "force-dynamic";

/** From Prometheus Alertmanager (webhook_config with `authorization: { credentials: ALERTMANAGER_TOKEN }`). */
export const POST = route({
  ...api.alertmanagerWebhook,
  handle: async ({ request, body }) => {
    verifyBearer(request.headers.get("authorization"), config().ALERTMANAGER_TOKEN);
    const results: AlertResult[] = [];
    for (const alert of parseAlertmanager(parseJson(body))) results.push(await ingestAlert(alert));
    return { results };
  },
});
