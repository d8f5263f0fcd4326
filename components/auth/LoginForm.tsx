"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Field";

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
        <Field look="regular" label={labels.email}>
          <Input size="lg" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field look="regular" label={labels.password}>
          <Input size="lg" name="password" type="password" autoComplete="current-password" required />
        </Field>
        {error && (
          <Alert tone="error" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" variant="primary" size="lg" disabled={pending} className="w-full">
          {pending ? labels.submitting : labels.submit}
        </Button>
      </form>
      {sso && (
        <>
          <p className="text-center text-xs tracking-wide text-slate-500 uppercase">{labels.or}</p>
          <Button size="lg" onClick={signInWithSso} disabled={pending} className="w-full">
            {sso.label}
          </Button>
        </>
      )}
    </div>
  );
}
