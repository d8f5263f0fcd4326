import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { can } from "@/lib/auth/permissions";
import { sessionUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Portal de Operações", template: "%s · Portal de Operações" },
  description: "Runbooks, checklists e incidentes da equipe de operações",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, user] = await Promise.all([getTranslator(), sessionUser().catch(() => null)]);
  const otherLocale = locale === "pt-BR" ? "en" : "pt-BR";
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          {locale === "pt-BR" ? "Pular para o conteúdo" : "Skip to content"}
        </a>
        <header className="no-print border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3 text-sm" aria-label="Principal">
            <Link href="/" className="font-semibold text-slate-900">
              {t("app.name")}
            </Link>
            <Link href="/runbooks" className="text-slate-700 hover:text-blue-700">
              {t("nav.runbooks")}
            </Link>
            <Link href="/incidents" className="text-slate-700 hover:text-blue-700">
              {t("nav.incidents")}
            </Link>
            <a href="/admin/queues" className="text-slate-700 hover:text-blue-700">
              {t("nav.queues")}
            </a>
            {user && (
              <Link href="/jobs" className="text-slate-700 hover:text-blue-700">
                {t("nav.jobSearch")}
              </Link>
            )}
            <a href="/api/health/ready" className="text-slate-700 hover:text-blue-700">
              {t("nav.health")}
            </a>
            {can(user?.role, "reports:read") && (
              <Link href="/history/checklists" className="text-slate-700 hover:text-blue-700">
                {t("nav.history")}
              </Link>
            )}
            {can(user?.role, "audit:read") && (
              <Link href="/audit" className="text-slate-700 hover:text-blue-700">
                {t("nav.audit")}
              </Link>
            )}
            {can(user?.role, "users:manage") && (
              <Link href="/admin/users" className="text-slate-700 hover:text-blue-700">
                {t("nav.users")}
              </Link>
            )}
            <a href={`/locale/${otherLocale}`} className="ml-auto text-slate-500 hover:text-blue-700" hrefLang={otherLocale}>
              {t("nav.language")}
            </a>
            {user && (
              <span className="flex items-center gap-3 text-slate-600" data-testid="current-user">
                <span>
                  {user.name} <span className="text-xs text-slate-500">({t(`role.${user.role}`)})</span>
                </span>
                <SignOutButton label={t("auth.signOut")} />
              </span>
            )}
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
