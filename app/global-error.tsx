"use client";

import { PageError } from "@/components/errors/PageError";
import "./globals.css";

/** When the root layout itself fails there is no chrome to render into: the same page, bare. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="pt-BR">
      <body className="min-h-screen px-4 py-6">
        <PageError digest={error.digest} retry={() => window.location.reload()} />
      </body>
    </html>
  );
}
