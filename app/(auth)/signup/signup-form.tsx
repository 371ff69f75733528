"use client";

import { useActionState, useState } from "react";
import { signupProblem } from "@/lib/auth/rules";
import { signupAction, type FormState } from "../actions";
import { buttonClass, FormError } from "../auth-card";
import { PasswordField } from "../password-field";
import { UsernameField } from "../username-field";
import { PasswordRules } from "../password-rules";

export function SignupForm() {
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
        hint="Use your name as your username — this is how others will see and search for you."
      />
      <PasswordField name="password" label="Password" autoComplete="new-password" onChange={setPassword} />
      <PasswordField name="confirm_password" label="Confirm password" autoComplete="new-password" onChange={setConfirm} />
      <PasswordRules password={password} confirm={confirm} />
      <button type="submit" className={buttonClass} disabled={!ready || pending}>
        {pending ? "Signing up\u2026" : "Sign up"}
      </button>
    </form>
  );
}
