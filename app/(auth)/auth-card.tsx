import Link from "next/link";

/** The frame of every sign-in page. */
export function AuthCard({ title, children, footer }: { title: string; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <section aria-labelledby="auth-title" className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-lg">
        <p className="mb-4 text-center text-sm font-semibold tracking-wide text-muted">
          <Link href="/login">MiniMost</Link>
        </p>
        <h1 id="auth-title" className="mb-5 text-center text-2xl font-semibold">
          {title}
        </h1>
        {children}
        {footer ? <div className="mt-5 space-y-1 text-center text-sm text-muted">{footer}</div> : null}
      </section>
    </main>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="mb-4 rounded border border-danger/50 bg-danger/10 px-3 py-2 text-sm text-danger">
      {message}
    </p>
  );
}

export const inputClass =
  "w-full rounded border border-border bg-bg px-3 py-2 text-fg placeholder:text-muted focus:border-accent focus:outline-none";

export const buttonClass =
  "w-full rounded bg-accent px-3 py-2 font-semibold text-accent-fg hover:brightness-110 disabled:cursor-not-allowed disabled:opacity-50";
