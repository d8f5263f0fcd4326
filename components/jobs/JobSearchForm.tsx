import { fill } from "@/lib/i18n/format";
import type { MessageKey } from "@/lib/i18n/messages";
import { SEARCH_FIELDS, type SearchField } from "@/lib/jobs-search/validation";

interface Props {
  t: (key: MessageKey) => string;
  q?: string;
  field?: SearchField;
  /** Monitored queues the search is limited to; all when empty. */
  queues?: string[];
  label?: string;
}

/** A plain GET form to /jobs, usable without JavaScript (the page renders the results). */
export function JobSearchForm({ t, q, field = "any", queues = [], label }: Props) {
  return (
    <form
      method="get"
      action="/jobs"
      role="search"
      aria-label={label ?? t("search.title")}
      className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm"
    >
      {label && <p className="w-full font-medium text-slate-800">{label}</p>}
      <label className="min-w-56 flex-1">
        {t("search.query")}
        <input
          name="q"
          type="search"
          defaultValue={q}
          required
          maxLength={200}
          placeholder={t("search.placeholder")}
          className="mt-1 block w-full rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label>
        {t("search.field")}
        <select name="field" defaultValue={field} className="mt-1 block rounded border border-slate-300 px-2 py-1">
          {SEARCH_FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`search.field.${f}`)}
            </option>
          ))}
        </select>
      </label>
      {queues.length > 0 && <input type="hidden" name="queues" value={queues.join(",")} />}
      <button className="rounded-md bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">
        {t("search.submit")}
      </button>
      <p className="w-full text-xs text-slate-500">
        {queues.length > 0 ? fill(t("search.scope"), { queues: queues.join(", ") }) : t("search.scopeAll")}
      </p>
    </form>
  );
}
