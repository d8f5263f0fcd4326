"use client";

export function SignOutButton({ label }: { label: string }) {
  async function signOut() {
    await fetch("/api/auth/sign-out", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => undefined);
    window.location.assign("/login");
  }
  return (
    <button type="button" onClick={signOut} className="text-slate-500 hover:text-blue-700">
      {label}
    </button>
  );
}
