import { ButtonLink } from "@/components/ui/Button";
import { getTranslator } from "@/lib/i18n/server";

export default async function RunbookNotFound() {
  const { t } = await getTranslator();
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="font-mono text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("runbook.notFound.title")}</h1>
      <p className="mt-2 text-slate-600">{t("runbook.notFound.body")}</p>
      <p className="mt-6">
        <ButtonLink href="/runbooks" variant="dark" size="lg">
          {t("runbook.notFound.back")}
        </ButtonLink>
      </p>
    </div>
  );
}
