import { fill } from "@/lib/i18n/format";
import type { MessageKey } from "@/lib/i18n/messages";
import type { JobSearchAnswer, JobSearchResult } from "@/lib/jobs-search/search";

interface Props {
  answer: JobSearchAnswer;
  t: (key: MessageKey) => string;
  /** The server's clock, so the ages shown are those of the moment of the search. */
  now: Date;
}

/** "45 s", "12 min", "3 h", "2 d": how long ago the job was created. */
export function formatAge(fromIso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

function stateLabel(t: Props["t"], state: string): string {
  const key = `search.state.${state}` as MessageKey;
  return t(key) ?? state;
}

function Row({ job, t, now }: { job: JobSearchResult; t: Props["t"]; now: Date }) {
  return (
    <tr className="border-t border-slate-100 align-top" data-job={`${job.queue}/${job.jobId}`}>
      <td className="px-3 py-2">
        <a href={job.board} className="font-mono text-xs text-sky-800 hover:underline">
          #{job.jobId}
        </a>
        <div className="text-slate-800">{job.name}</div>
        <div className="text-xs text-slate-500">
          {fill(t("search.matched"), { part: t(`search.field.${job.matched}`) })}
        </div>
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-600">{t("search.data")}</summary>
          <pre className="mt-1 max-h-48 max-w-md overflow-auto rounded bg-slate-50 p-2 break-all whitespace-pre-wrap">
            {job.dataText}
          </pre>
        </details>
      </td>
      <td className="px-3 py-2">
        <span className="font-mono text-xs">{job.queue}</span>
        {job.deadLetter && job.originalJobId && (
          <div className="text-xs text-amber-800">
            {fill(t("search.dlqCopy"), { queue: job.sourceQueue, id: job.originalJobId })}
          </div>
        )}
      </td>
      <td className="px-3 py-2" data-state={job.state}>
        {stateLabel(t, job.state)}
      </td>
      <td className="px-3 py-2 tabular-nums">
        {job.attemptsAllowed === null ? job.attemptsMade : `${job.attemptsMade}/${job.attemptsAllowed}`}
      </td>
      <td className="px-3 py-2 whitespace-nowrap tabular-nums" title={job.createdAt}>
        {formatAge(job.createdAt, now)}
      </td>
      <td className="max-w-xs px-3 py-2 text-xs break-words text-red-800">{job.failedReason ?? "—"}</td>
      <td className="px-3 py-2 text-xs" data-incidents>
        {job.incidents.length === 0
          ? "—"
          : job.incidents.map((link) => (
              <div key={`${link.incidentId}-${link.at.toISOString()}`}>
                <a href={`/incidents/${link.incidentId}`} className="text-sky-800 hover:underline">
                  INC-{link.number}
                </a>{" "}
                {t(link.action === "discard" ? "search.action.discard" : "search.action.retry")}
              </div>
            ))}
      </td>
    </tr>
  );
}

export function JobSearchResults({ answer, t, now }: Props) {
  if (answer.results.length === 0)
    return <p className="rounded-md border border-slate-200 bg-white p-4 text-slate-600">{t("search.none")}</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        {answer.more
          ? fill(t("search.more"), { n: answer.results.length })
          : fill(t("search.count"), { n: answer.results.length })}
      </p>
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="job-search-results">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              {(["job", "queue", "state", "attempts", "age", "error", "incidents"] as const).map((c) => (
                <th key={c} className="px-3 py-2 font-medium">
                  {t(`search.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answer.results.map((job) => (
              <Row key={`${job.queue}/${job.jobId}`} job={job} t={t} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
