"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "use-intl";
import { signupProblem } from "@/lib/auth/rules";
import { signupAction, type FormState } from "../actions";
import { buttonClass, FormError } from "../auth-card";
import { PasswordField } from "../password-field";
import { UsernameField } from "../username-field";
import { PasswordRules } from "../password-rules";

export function SignupForm() {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<FormState, FormData>(signupAction, {});
  const [username, setUsername] = useState(state.username ?? "");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const ready = signupProblem(username.trim(), password, confirm) === null;
  return (
    <form action={action} noValidate>
      <FormError message={state.error} />
      <UsernameField
        value={username}
        onChange={setUsername}
        autoFocus
        hint={t("signup.usernameHint")}
      />
      <PasswordField name="password" label={t("fields.password")} autoComplete="new-password" onChange={setPassword} />
      <PasswordField name="confirm_password" label={t("fields.confirm")} autoComplete="new-password" onChange={setConfirm} />
      <PasswordRules password={password} confirm={confirm} />
      <button type="submit" className={buttonClass} disabled={!ready || pending}>
        {pending ? t("signup.pending") : t("signup.submit")}
      </button>
    </form>
  );
}
