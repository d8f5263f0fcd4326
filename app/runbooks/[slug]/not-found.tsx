import { getTranslator } from "@/lib/i18n/server";

export default async function RunbookNotFound() {
  const { t } = await getTranslator();
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="font-mono text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("runbook.notFound.title")}</h1>
      <p className="mt-2 text-slate-600">{t("runbook.notFound.body")}</p>
      <p className="mt-6">
        <a href="/runbooks" className="inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
          {t("runbook.notFound.back")}
        </a>
      </p>
    </div>
  );
}
