"use client";

import { useEffect, useState } from "react";

/**
 * The browser's clock, refreshed every `intervalMs`; null during the server render and hydration,
 * so what depends on "now" never makes the server's HTML and the first client render differ.
 */
export function useNow(intervalMs = 30_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const update = () => setNow(Date.now());
    const first = setTimeout(update, 0);
    const timer = setInterval(update, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
