import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { can, type Permission } from "@/lib/auth/permissions";
import { sessionUser } from "@/lib/auth/session";
import type { MessageKey } from "@/lib/i18n/messages";
import { getTranslator } from "@/lib/i18n/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Portal de Operações", template: "%s · Portal de Operações" },
  description: "Runbooks, checklists e incidentes da equipe de operações",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

const NAV_LINK = "text-slate-700 hover:text-blue-700";

const NAV: ReadonlyArray<{ href: string; label: MessageKey; permission?: Permission; plain?: boolean }> = [
  { href: "/runbooks", label: "nav.runbooks" },
  { href: "/incidents", label: "nav.incidents" },
  { href: "/admin/queues", label: "nav.queues", plain: true },
  { href: "/jobs", label: "nav.jobSearch" },
  { href: "/api/health/ready", label: "nav.health", plain: true },
  { href: "/history/checklists", label: "nav.history", permission: "reports:read" },
  { href: "/audit", label: "nav.audit", permission: "audit:read" },
  { href: "/admin/users", label: "nav.users", permission: "users:manage" },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, user] = await Promise.all([getTranslator(), sessionUser().catch(() => null)]);
  const otherLocale = locale === "pt-BR" ? "en" : "pt-BR";
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:bg-white focus:p-2"
        >
          {locale === "pt-BR" ? "Pular para o conteúdo" : "Skip to content"}
        </a>
        <header className="no-print border-b border-slate-200 bg-white">
          <nav
            className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3 text-sm"
            aria-label="Principal"
          >
            <Link href="/" className="font-semibold text-slate-900">
              {t("app.name")}
            </Link>
            {/* Signed out, every link would lead back to the sign-in page: only the language stays. */}
            {user &&
              NAV.filter((item) => !item.permission || can(user.role, item.permission)).map((item) =>
                // Bull Board and the health JSON are not Next pages: plain links, no client routing.
                item.plain ? (
                  <a key={item.href} href={item.href} className={NAV_LINK}>
                    {t(item.label)}
                  </a>
                ) : (
                  <Link key={item.href} href={item.href} className={NAV_LINK}>
                    {t(item.label)}
                  </Link>
                ),
              )}
            <a
              href={`/locale/${otherLocale}`}
              className="ml-auto text-slate-500 hover:text-blue-700"
              hrefLang={otherLocale}
            >
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
