"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslations } from "use-intl";

type FormT = ReturnType<typeof useTranslations<"boards.form">>;

/**
 * What the server said about a refused post, in words a reader can act on: the server's own text, or
 * (an empty or HTML answer) ours in the page's language.
 */
export async function refusalText(res: Response, t: FormT): Promise<string> {
  const raw = await res.text().catch(() => "");
  let message = raw.trim();
  try {
    const body: unknown = JSON.parse(raw);
    if (body && typeof body === "object" && "error" in body && typeof body.error === "string") message = body.error;
  } catch {
    // a plain-text answer (the original's 400 and 413 texts)
  }
  if (!message || message.startsWith("<")) {
    message = res.status === 413 ? t("tooLarge") : res.status === 401 ? t("signInFirst") : t("refused", { status: res.status });
  }
  const wait = res.headers.get("Retry-After");
  if (res.status === 429 && wait && !message.includes(wait)) message += ` ${t("tryAgain", { wait })}`;
  return message;
}

/**
 * A form that works as plain HTML (it posts to the route, which redirects back) and, with
 * JavaScript, posts with fetch asking for JSON, so a refusal (413, 429…) shows beside the form and
 * a success updates the page in place.
 */
export function BoardForm(props: {
  action: string;
  /** Called with the answer's JSON (null for an empty answer) after a 2xx. */
  onSuccess: (body: unknown) => void;
  children: ReactNode;
  /** Multipart (a file input inside); otherwise the fields go urlencoded, as a plain form sends them. */
  files?: boolean;
  className?: string;
  label?: string;
  /** A file over this size is refused here, in the server's words, before a byte is sent. */
  maxFile?: { bytes: number; message: string };
}) {
  const t = useTranslations("boards.form");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const fields = new FormData(form);
    const max = props.maxFile;
    if (max && [...fields.values()].some((v) => typeof v !== "string" && v.size > max.bytes)) {
      setError(max.message);
      return;
    }
    const body = props.files ? fields : new URLSearchParams([...fields].filter((e): e is [string, string] => typeof e[1] === "string"));
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(props.action, { method: "POST", body, headers: { Accept: "application/json" } });
      if (!res.ok) {
        setError(await refusalText(res, t));
        return;
      }
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      form.reset();
      props.onSuccess(parsed);
    } catch {
      setError(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      method="post"
      action={props.action}
      encType={props.files ? "multipart/form-data" : undefined}
      onSubmit={submit}
      aria-label={props.label}
      aria-busy={busy || undefined}
      className={props.className}
    >
      {props.children}
      {error ? (
        <p role="alert" className="mt-1 text-sm text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}
