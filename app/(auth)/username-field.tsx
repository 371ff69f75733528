"use client";

import { useTranslations } from "use-intl";
import { inputClass } from "./auth-card";

/** The username input of the sign-in forms; controlled when `onChange` is given. */
export function UsernameField(props: {
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  autoFocus?: boolean;
  hint?: string;
}) {
  const t = useTranslations("auth.fields");
  const control = props.onChange
    ? { value: props.value ?? "", onChange: (event: React.ChangeEvent<HTMLInputElement>) => props.onChange?.(event.target.value) }
    : { defaultValue: props.defaultValue };
  return (
    <div className="mb-4">
      <label htmlFor="username" className="mb-1 block text-sm">
        {t("username")}
      </label>
      <input
        // Uncontrolled: a new key shows the name the server sent back after an error.
        key={props.onChange ? "controlled" : props.defaultValue}
        id="username"
        name="username"
        required
        maxLength={props.onChange ? 32 : undefined}
        autoComplete="username"
        autoCapitalize="none"
        autoFocus={props.autoFocus}
        aria-describedby={props.hint ? "username-hint" : undefined}
        className={inputClass}
        {...control}
      />
      {props.hint ? (
        <p id="username-hint" className="mt-1 text-xs text-muted">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
