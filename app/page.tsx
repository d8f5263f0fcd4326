import { QueueOverviewPanel } from "@/components/queues/QueueOverviewPanel";
import { DependencyHealthPanel } from "@/components/health/DependencyHealthPanel";
import { PageHeader } from "@/components/ui/PageHeader";
import { TextLink } from "@/components/ui/TextLink";
import { requirePageUser } from "@/lib/auth/page";
import { getTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requirePageUser("portal:read", "/");
  const { t } = await getTranslator();
  return (
    <div className="space-y-6">
      <PageHeader title={t("home.title")} subtitle={t("home.subtitle")} />
      <section aria-labelledby="queues-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="queues-heading" className="text-lg font-semibold">
            {t("home.queues")}
          </h2>
          <TextLink href="/admin/queues" className="text-sm">
            {t("home.openBoard")} →
          </TextLink>
        </div>
        <QueueOverviewPanel />
      </section>
      <section aria-labelledby="health-heading" className="space-y-3">
        <h2 id="health-heading" className="text-lg font-semibold">
          {t("health.title")}
        </h2>
        <DependencyHealthPanel />
      </section>
    </div>
  );
}
