"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { loginAction, type FormState } from "../actions";
import { buttonClass, FormError } from "../auth-card";
import { PasswordField } from "../password-field";
import { UsernameField } from "../username-field";

/** `next`: where to go once signed in (checked again by the action). */
export function LoginForm({ next }: { next?: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<FormState, FormData>(loginAction, {});
  return (
    <form action={action} noValidate>
      {next && next !== "/" ? <input type="hidden" name="next" value={next} /> : null}
      <FormError message={state.error} />
      <UsernameField defaultValue={state.username} autoFocus={!state.error} />
      <PasswordField name="password" label={t("fields.password")} autoComplete="current-password" autoFocus={Boolean(state.error)} />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? t("login.pending") : t("login.submit")}
      </button>
    </form>
  );
}
