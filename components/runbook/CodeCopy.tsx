"use client";

import { useEffect, useRef } from "react";
import { COPY_BUTTON_ATTRIBUTE, COPY_LABEL } from "./present";

// The copy buttons of a runbook's code blocks arrive as plain HTML (see segments.ts), so one
// listener on the content handles all of them instead of a React component per block.
// navigator.clipboard only exists in secure contexts, and internal portals are sometimes served
// over plain http, so a hidden-textarea copy is the fallback.

const RESULT_LABELS = { copied: "Copiado", failed: "Não foi possível copiar" } as const;

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.appendChild(textarea);
  textarea.select();
  try {
    if (!document.execCommand("copy")) throw new Error("copy command refused");
  } finally {
    textarea.remove();
  }
}

/** Renders nothing visible; handles clicks on the copy buttons inside its parent element. */
export function CodeCopy() {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const container = marker.current?.parentElement;
    if (!container) return;
    const timers = new Map<HTMLElement, ReturnType<typeof setTimeout>>();
    const onClick = async (event: MouseEvent) => {
      const button = (event.target as Element | null)?.closest<HTMLElement>(`[${COPY_BUTTON_ATTRIBUTE}]`);
      if (!button || !container.contains(button)) return;
      const text = (button.parentElement?.querySelector("pre")?.textContent ?? "").replace(/\n$/, "");
      let result: keyof typeof RESULT_LABELS = "copied";
      try {
        await writeClipboard(text);
      } catch {
        result = "failed";
      }
      button.textContent = RESULT_LABELS[result];
      clearTimeout(timers.get(button));
      timers.set(
        button,
        setTimeout(() => {
          button.textContent = COPY_LABEL;
        }, 2000),
      );
    };
    container.addEventListener("click", onClick);
    return () => {
      container.removeEventListener("click", onClick);
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, []);
  return <span ref={marker} hidden />;
}
