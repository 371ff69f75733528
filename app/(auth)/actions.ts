"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { login, resetPassword, signup } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/auth/address";
import { mintSessionToken } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { setSessionCookie } from "@/lib/http/page-session";

export interface FormState {
  error?: string;
  username?: string;
  done?: string;
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

async function signIn(username: string): Promise<never> {
  await setSessionCookie(await mintSessionToken(username));
  redirect("/");
}

export async function loginAction(_prev: FormState, form: FormData): Promise<FormState> {
  const typed = field(form, "username");
  let username: string;
  try {
    username = await login({ username: typed, password: field(form, "password"), address: clientAddress(await headers()) });
  } catch (err) {
    if (isDomainError(err)) return { error: err.message, username: typed.trim() };
    throw err;
  }
  return signIn(username);
}

export async function signupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const typed = field(form, "username");
  let username: string;
  try {
    username = await signup({ username: typed, password: field(form, "password"), confirm: field(form, "confirm_password") });
  } catch (err) {
    if (isDomainError(err)) return { error: err.message, username: typed.trim() };
    throw err;
  }
  return signIn(username);
}

export async function resetAction(token: string, _prev: FormState, form: FormData): Promise<FormState> {
  try {
    const username = await resetPassword(token, { password: field(form, "password"), confirm: field(form, "confirm_password") });
    return { done: username };
  } catch (err) {
    if (isDomainError(err)) return { error: err.message };
    throw err;
  }
}
