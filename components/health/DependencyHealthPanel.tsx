import { HealthView } from "@/components/panels/HealthView";
import { getTranslator } from "@/lib/i18n/server";
import { readiness } from "@/lib/observability/health";

export async function DependencyHealthPanel() {
  const [{ locale }, result] = await Promise.all([getTranslator(), readiness()]);
  return <HealthView checks={result.checks} locale={locale} testId="dependency-health" />;
}
