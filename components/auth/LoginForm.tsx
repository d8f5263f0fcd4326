"use client";

import { useState, type FormEvent } from "react";

interface Labels {
  email: string;
  password: string;
  submit: string;
  submitting: string;
  or: string;
  invalid: string;
  unavailable: string;
}

async function readError(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return body?.message && response.status !== 401 ? body.message : fallback;
}

export function LoginForm({ next, sso, labels }: { next: string; sso: { label: string } | null; labels: Labels }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), rememberMe: true }),
      });
      if (!response.ok) {
        setError(await readError(response, labels.invalid));
        return;
      }
      window.location.assign(next);
    } catch {
      setError(labels.unavailable);
    } finally {
      setPending(false);
    }
  }

  async function signInWithSso() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: "/login" }),
      });
      const body = (await response.json().catch(() => null)) as { url?: string; message?: string } | null;
      if (!response.ok || !body?.url) {
        setError(body?.message ?? labels.unavailable);
        setPending(false);
        return;
      }
      window.location.assign(body.url);
    } catch {
      setError(labels.unavailable);
      setPending(false);
    }
  }

  return (
    <div className="mt-5 space-y-4">
      <form onSubmit={signIn} className="space-y-3" noValidate={false}>
        <label className="block text-sm">
          <span className="font-medium">{labels.email}</span>
          <input name="email" type="email" autoComplete="username" required autoFocus className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="block text-sm">
          <span className="font-medium">{labels.password}</span>
          <input name="password" type="password" autoComplete="current-password" required className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending} className="w-full rounded-md bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? labels.submitting : labels.submit}
        </button>
      </form>
      {sso && (
        <>
          <p className="text-center text-xs uppercase tracking-wide text-slate-500">{labels.or}</p>
          <button type="button" onClick={signInWithSso} disabled={pending} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
            {sso.label}
          </button>
        </>
      )}
    </div>
  );
}
