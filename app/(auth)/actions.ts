"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { login, resetPassword, signup } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/auth/address";
import { nextPath } from "@/lib/auth/next-path";
import { mintSessionToken } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { pageT } from "@/lib/http/page-locale";
import { setSessionCookie } from "@/lib/http/page-session";
import { admitLogin } from "@/lib/http/rate-limit";
import { authErrorText } from "./error-text";

export interface FormState {
  error?: string;
  username?: string;
  done?: string;
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * The pages' sign-in, sign-up and reset forms count against their address's sign-in limit, as the API
 * routes do (lib/http/rate-limit.ts); a refusal is shown on the form and nothing is tried.
 */
async function refusedForRate(): Promise<string | null> {
  const wait = admitLogin(clientAddress(await headers()));
  return wait > 0 ? (await pageT("auth"))("errors.rateLimited", { wait }) : null;
}

/** A refusal of the account rules, in the page's language. */
const refusal = async (err: { message: string }) => authErrorText(err.message, await pageT("auth"));

/** Signs `username` in and goes to `to` (a path of this site: lib/auth/next-path.ts). */
async function signIn(username: string, to = "/"): Promise<never> {
  await setSessionCookie(await mintSessionToken(username));
  redirect(to);
}

export async function loginAction(_prev: FormState, form: FormData): Promise<FormState> {
  const typed = field(form, "username");
  const refused = await refusedForRate();
  if (refused) return { error: refused, username: typed.trim() };
  let username: string;
  try {
    username = await login({ username: typed, password: field(form, "password"), address: clientAddress(await headers()) });
  } catch (err) {
    if (isDomainError(err)) return { error: await refusal(err), username: typed.trim() };
    throw err;
  }
  return signIn(username, nextPath(field(form, "next")));
}

export async function signupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const typed = field(form, "username");
  const refused = await refusedForRate();
  if (refused) return { error: refused, username: typed.trim() };
  let username: string;
  try {
    username = await signup({ username: typed, password: field(form, "password"), confirm: field(form, "confirm_password") });
  } catch (err) {
    if (isDomainError(err)) return { error: await refusal(err), username: typed.trim() };
    throw err;
  }
  return signIn(username);
}

export async function resetAction(token: string, _prev: FormState, form: FormData): Promise<FormState> {
  const refused = await refusedForRate();
  if (refused) return { error: refused };
  try {
    const username = await resetPassword(token, { password: field(form, "password"), confirm: field(form, "confirm_password") });
    return { done: username };
  } catch (err) {
    // "invalid-token" is a sentinel the form turns into its expired-link notice.
    if (isDomainError(err)) return { error: err.message === "invalid-token" ? err.message : await refusal(err) };
    throw err;
  }
}
