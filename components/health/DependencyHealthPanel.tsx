import { getTranslator } from "@/lib/i18n/server";
import { readiness } from "@/lib/observability/health";

const LABELS = { postgres: "PostgreSQL", redis: "Redis" } as const;

export async function DependencyHealthPanel() {
  const [{ t }, result] = await Promise.all([getTranslator(), readiness()]);
  return (
    <ul className="grid gap-3 sm:grid-cols-2" data-testid="dependency-health">
      {(Object.keys(result.checks) as Array<keyof typeof LABELS>).map((name) => {
        const check = result.checks[name];
        const up = check.status === "up";
        return (
          <li key={name} className={`rounded-md border p-3 text-sm ${up ? "border-emerald-200 bg-emerald-50" : "border-red-300 bg-red-50"}`} data-dependency={name}>
            <span className="font-medium">{LABELS[name]}</span>{" "}
            <span className={up ? "text-emerald-800" : "text-red-800"}>{up ? t("health.up") : t("health.down")}</span>
            <span className="ml-2 text-slate-500">
              ({t("health.latency")} {check.latencyMs} ms)
            </span>
            {check.error && <span className="mt-1 block font-mono text-xs text-red-800">{check.error}</span>}
          </li>
        );
      })}
    </ul>
  );
}
