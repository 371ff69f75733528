"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { useTranslations } from "use-intl";
import { passwordProblem } from "@/lib/auth/rules";
import { resetAction, type FormState } from "../../actions";
import { buttonClass, FormError } from "../../auth-card";
import { PasswordField } from "../../password-field";
import { PasswordRules } from "../../password-rules";

export function ResetForm({ token, username }: { token: string; username: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<FormState, FormData>(resetAction.bind(null, token), {});
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  if (state.done) {
    return (
      <div className="space-y-3 text-center">
        <h2 className="text-lg font-semibold">{t("reset.done")}</h2>
        <p className="text-sm">{t("reset.doneText", { username: state.done })}</p>
        <Link className="text-accent underline" href="/login">{t("reset.login")}</Link>
      </div>
    );
  }
  if (state.error === "invalid-token") return <InvalidLink />;
  return (
    <form action={action} noValidate>
      <p className="mb-4 text-sm">
        {t.rich("reset.for", { username, b: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <FormError message={state.error} />
      <PasswordField name="password" label={t("fields.newPassword")} autoComplete="new-password" autoFocus onChange={setPassword} />
      <PasswordField name="confirm_password" label={t("fields.confirm")} autoComplete="new-password" onChange={setConfirm} />
      <PasswordRules password={password} confirm={confirm} />
      <button type="submit" className={buttonClass} disabled={pending || passwordProblem(password, confirm) !== null}>
        {t("reset.submit")}
      </button>
    </form>
  );
}

export function InvalidLink() {
  const t = useTranslations("auth.reset");
  return (
    <div className="space-y-3 text-center text-sm">
      <h2 className="text-lg font-semibold">{t("invalid")}</h2>
      <p>{t("invalidText")}</p>
      <Link className="text-accent underline" href="/login">{t("back")}</Link>
    </div>
  );
}
