"use client";

import { PageError } from "@/components/errors/PageError";

/** A page that failed to render, inside the root layout's header (see PageError). */
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return <PageError digest={error.digest} retry={() => window.location.reload()} />;
}
