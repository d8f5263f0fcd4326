"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

// The history area's reports side by side: checklists (calendar, skip rates, people) and
// incidents (MTTA / MTTR). The tab of the current path is marked for screen readers too.

export function HistoryTabs({ label, tabs }: { label: string; tabs: Array<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-6 flex gap-1 border-b border-slate-200 text-sm">
      {tabs.map((tab) => {
        const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px rounded-t-md border px-4 py-2 font-medium ${current ? "border-slate-200 border-b-white bg-white text-slate-900" : "border-transparent text-slate-600 hover:text-blue-700"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
