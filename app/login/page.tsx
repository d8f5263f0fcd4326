import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { Card } from "@/components/ui/Card";
import { oidcEnabled } from "@/lib/auth/auth";
import { safeNextPath } from "@/lib/auth/next-path";
import { sessionUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Entrar" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only paths of this portal: an open redirect after sign-in would be a phishing aid.
  const next = safeNextPath(params.next);
  if (await sessionUser()) redirect(next);
  const { t } = await getTranslator();
  return (
    <Card tone="raised" padding="xl" className="mx-auto mt-8 max-w-sm">
      <h1 className="text-xl font-semibold">{t("auth.title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("auth.subtitle")}</p>
      <LoginForm
        next={next}
        sso={oidcEnabled() ? { label: t("auth.sso").replace("{provider}", config().OIDC_PROVIDER_NAME) } : null}
        labels={{
          email: t("auth.email"),
          password: t("auth.password"),
          submit: t("auth.submit"),
          submitting: t("auth.submitting"),
          or: t("auth.or"),
          invalid: t("auth.invalid"),
          unavailable: t("auth.unavailable"),
        }}
      />
    </Card>
  );
}
