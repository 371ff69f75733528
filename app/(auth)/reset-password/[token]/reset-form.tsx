"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { passwordProblem } from "@/lib/auth/rules";
import { resetAction, type FormState } from "../../actions";
import { buttonClass, FormError } from "../../auth-card";
import { PasswordField } from "../../password-field";
import { PasswordRules } from "../../password-rules";

export function ResetForm({ token, username }: { token: string; username: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(resetAction.bind(null, token), {});
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  if (state.done) {
    return (
      <div className="space-y-3 text-center">
        <h2 className="text-lg font-semibold">Password updated</h2>
        <p className="text-sm">The password for {state.done} has been changed.</p>
        <Link className="text-accent underline" href="/login">Log in</Link>
      </div>
    );
  }
  if (state.error === "invalid-token") return <InvalidLink />;
  return (
    <form action={action} noValidate>
      <p className="mb-4 text-sm">
        Resetting password for <strong>{username}</strong>
      </p>
      <FormError message={state.error} />
      <PasswordField name="password" label="New password" autoComplete="new-password" autoFocus onChange={setPassword} />
      <PasswordField name="confirm_password" label="Confirm password" autoComplete="new-password" onChange={setConfirm} />
      <PasswordRules password={password} confirm={confirm} />
      <button type="submit" className={buttonClass} disabled={pending || passwordProblem(password, confirm) !== null}>
        Set new password
      </button>
    </form>
  );
}

export function InvalidLink() {
  return (
    <div className="space-y-3 text-center text-sm">
      <h2 className="text-lg font-semibold">Link invalid or expired</h2>
      <p>This password reset link has already been used, has expired, or does not exist. Ask an administrator for a new one.</p>
      <Link className="text-accent underline" href="/login">Back to login</Link>
    </div>
  );
}
