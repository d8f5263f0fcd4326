"use client";

import { useEffect } from "react";

// Keyboard use of the library: "/" jumps to the search box (as on GitHub), ↓ from the box goes
// to the first result, ↑/↓ move between results (Tab works too: results are links), Escape
// leaves the box. Changing a filter submits the form, so the URL always shows the view.

const RESULT = "[data-library-result]";

export function LibraryKeyboard({ searchId, formId }: { searchId: string; formId: string }) {
  useEffect(() => {
    const search = document.getElementById(searchId) as HTMLInputElement | null;
    const form = document.getElementById(formId) as HTMLFormElement | null;

    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || !search) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const typing = target?.closest("input, textarea, select, [contenteditable='true']");
      if (event.key === "/" && !typing) {
        event.preventDefault();
        search.focus();
        search.select();
        return;
      }
      if (event.key === "Escape" && target === search) {
        search.blur();
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const results = [...document.querySelectorAll<HTMLAnchorElement>(RESULT)];
      if (results.length === 0) return;
      if (target === search) {
        if (event.key === "ArrowDown") {
          event.preventDefault();
          results[0]!.focus();
        }
        return;
      }
      const index = results.indexOf(document.activeElement as HTMLAnchorElement);
      if (index === -1) return;
      event.preventDefault();
      const next = event.key === "ArrowDown" ? Math.min(index + 1, results.length - 1) : index - 1;
      if (next < 0) search.focus();
      else results[next]!.focus();
    }

    function onChange(event: Event) {
      if (event.target instanceof HTMLSelectElement) form?.requestSubmit();
    }

    document.addEventListener("keydown", onKeyDown);
    form?.addEventListener("change", onChange);
    // Lets tests (and styles) know the shortcuts are live.
    if (form) form.dataset.keyboard = "ready";
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      form?.removeEventListener("change", onChange);
    };
  }, [searchId, formId]);
  return null;
}
