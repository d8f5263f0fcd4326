import { QueueOverviewPanel } from "@/components/queues/QueueOverviewPanel";
import { DependencyHealthPanel } from "@/components/health/DependencyHealthPanel";
import { requirePageUser } from "@/lib/auth/page";
import { getTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requirePageUser("portal:read", "/");
  const { t } = await getTranslator();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("home.title")}</h1>
        <p className="mt-1 text-slate-600">{t("home.subtitle")}</p>
      </div>
      <section aria-labelledby="queues-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="queues-heading" className="text-lg font-semibold">
            {t("home.queues")}
          </h2>
          <a href="/admin/queues" className="text-sm text-blue-700 hover:underline">
            {t("home.openBoard")} →
          </a>
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
