"use client";

import { useActionState } from "react";
import { loginAction, type FormState } from "../actions";
import { buttonClass, FormError, inputClass } from "../auth-card";
import { PasswordField } from "../password-field";

export function LoginForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(loginAction, {});
  return (
    <form action={action} noValidate>
      <FormError message={state.error} />
      <div className="mb-4">
        <label htmlFor="username" className="mb-1 block text-sm">
          Username
        </label>
        <input
          id="username"
          name="username"
          required
          autoComplete="username"
          autoCapitalize="none"
          defaultValue={state.username}
          key={state.username}
          autoFocus={!state.error}
          className={inputClass}
        />
      </div>
      <PasswordField name="password" label="Password" autoComplete="current-password" autoFocus={Boolean(state.error)} />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Logging in\u2026" : "Log in"}
      </button>
    </form>
  );
}
