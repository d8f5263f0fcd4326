/** A runbook's tags as links to the library filtered by each (the list and the runbook page). */
export function TagList({ tags, label, hrefOf }: { tags: string[]; label: string; hrefOf: (tag: string) => string }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag}>
          <a
            href={hrefOf(tag)}
            className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 hover:bg-slate-200 hover:text-slate-900"
          >
            #{tag}
          </a>
        </li>
      ))}
    </ul>
  );
}
