"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { inputClass } from "./auth-card";

/** A password input with a Show/Hide toggle and a Caps Lock warning. */
export function PasswordField({
  name,
  label,
  autoComplete,
  autoFocus,
  onChange,
}: {
  name: string;
  label: string;
  autoComplete: string;
  autoFocus?: boolean;
  onChange?: (value: string) => void;
}) {
  const t = useTranslations("auth.fields");
  const id = useId();
  const [shown, setShown] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const checkCaps = (event: React.KeyboardEvent<HTMLInputElement>) => setCapsLock(event.getModifierState?.("CapsLock") ?? false);
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block text-sm">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name={name}
          type={shown ? "text" : "password"}
          required
          maxLength={1024}
          autoComplete={autoComplete}
          autoFocus={autoFocus}
          className={inputClass}
          onKeyDown={checkCaps}
          onKeyUp={checkCaps}
          onChange={(event) => onChange?.(event.target.value)}
        />
        <button
          type="button"
          className="shrink-0 rounded border border-border px-2 text-sm text-muted hover:text-fg"
          aria-controls={id}
          aria-pressed={shown}
          onClick={() => setShown((value) => !value)}
        >
          {shown ? t("hide") : t("show")}
        </button>
      </div>
      {capsLock ? (
        <p className="mt-1 text-xs text-danger" role="status">
          {t("capsLock")}
        </p>
      ) : null}
    </div>
  );
}
