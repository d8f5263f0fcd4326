"use client";

import { useEffect } from "react";

// An incident opened by an alert starts at the step its rule links to. The server cannot see
// the URL's #fragment, so the browser moves there once, unless the reader already asked for
// another place (a #fragment in the address) — a reload keeps wherever they went.

export function StartAtStep({ anchor }: { anchor: string }) {
  useEffect(() => {
    if (window.location.hash) return;
    const target = document.getElementById(anchor);
    if (!target) return;
    window.history.replaceState(window.history.state, "", `#${encodeURIComponent(anchor)}`);
    target.scrollIntoView({ block: "start" });
  }, [anchor]);
  return null;
}
