import type { TocEntry } from "@/lib/runbooks/render";

// Table of contents for the runbook page, indented relative to the shallowest heading shown so
// a runbook whose sections start at ## is not pushed to the right.

export function RunbookToc({ toc, className = "" }: { toc: TocEntry[]; className?: string }) {
  if (toc.length === 0) return null;
  const top = Math.min(...toc.map((entry) => entry.depth));
  return (
    <nav aria-label="Nesta página" className={`text-sm print:hidden ${className}`}>
      <p className="mb-2 font-semibold text-slate-700 dark:text-slate-200">Nesta página</p>
      <ul className="space-y-1">
        {toc.map((entry) => (
          <li key={entry.id} style={{ paddingLeft: `${(entry.depth - top) * 0.75}rem` }}>
            <a
              href={`#${entry.id}`}
              className="text-slate-600 hover:text-sky-700 hover:underline dark:text-slate-300 dark:hover:text-sky-400"
            >
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
