"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { unavailableDependency } from "@/lib/db/unavailable";
import { fill } from "@/lib/i18n/format";
import { DEFAULT_LOCALE, LOCALES, translator, type Locale } from "@/lib/i18n/messages";

const RETRY_SECONDS = 10;

// The root layout sets <html lang> from the reader's choice; the server render of an error page
// has no document, so it starts in the default language and follows the page's after hydration.
const noSubscription = () => () => {};
function useDocumentLocale(): Locale {
  const lang = useSyncExternalStore(
    noSubscription,
    () => document.documentElement.lang,
    () => DEFAULT_LOCALE,
  );
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : DEFAULT_LOCALE;
}

/** Readiness names PostgreSQL when a page failed without saying why (an error thrown elsewhere). */
function usePostgresDown(skip: boolean): boolean {
  const [down, setDown] = useState(false);
  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    fetch("/api/health/ready", { cache: "no-store", signal: controller.signal })
      .then((r) => r.json() as Promise<{ checks?: { postgres?: { status?: string } } }>)
      .then((body) => setDown(body.checks?.postgres?.status === "down"))
      .catch(() => {});
    return () => controller.abort();
  }, [skip]);
  return down;
}

/**
 * What a page that could not be rendered shows inside the portal's chrome: which dependency is
 * missing, if that is the reason, and a reload every few seconds until the page renders again.
 */
export function PageError({ digest, retry }: { digest?: string; retry: () => void }) {
  const locale = useDocumentLocale();
  const t = translator(locale);
  const named = unavailableDependency(digest);
  const postgresDown = usePostgresDown(named !== null);
  const dependency = named ?? (postgresDown ? "postgres" : null);

  useEffect(() => {
    if (!dependency) return;
    // A full reload: the server renders the page afresh, so its data come back with the database.
    const timer = setTimeout(() => window.location.reload(), RETRY_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [dependency]);

  return (
    <Card tone="raised" padding="xl" className="mx-auto mt-10 max-w-xl" data-page-error={dependency ?? "unknown"}>
      <h1 className="text-xl font-semibold">{t("error.title")}</h1>
      <p className="mt-2 text-slate-800" role="alert">
        {dependency ? t(`error.dependency.${dependency}`) : t("error.unknown")}
      </p>
      {dependency && <p className="mt-1 text-slate-700">{fill(t("error.retrying"), { seconds: RETRY_SECONDS })}</p>}
      <div className="mt-4 flex flex-wrap items-center gap-4">
        <Button variant="primary" onClick={retry}>
          {t("error.retry")}
        </Button>
        {digest && !named && <span className="text-xs text-slate-500">{fill(t("error.reference"), { digest })}</span>}
      </div>
    </Card>
  );
}
