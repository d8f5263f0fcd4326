import { QueuesView } from "@/components/panels/QueuesView";
import { Alert } from "@/components/ui/Alert";
import { getTranslator } from "@/lib/i18n/server";
import { queueOverview } from "@/lib/queues/overview";

export async function QueueOverviewPanel() {
  const [{ locale, t }, overview] = await Promise.all([getTranslator(), queueOverview()]);
  if (!overview.ok) {
    return (
      <Alert tone="warning" role="status" size="lg">
        {t("queue.unavailable")}
        <span className="mt-1 block font-mono text-xs text-amber-800">{overview.error}</span>
      </Alert>
    );
  }
  return <QueuesView queues={overview.queues} locale={locale} framed testId="queue-overview" />;
}
