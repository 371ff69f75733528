/**
 * The sign-in pages show the account rules' refusals (lib/auth/rules.ts, lib/auth/accounts.ts) in the
 * page's language. The API keeps answering with the original's English texts; a refusal these pages do
 * not know is shown as the server worded it.
 */
import { MESSAGES } from "@/lib/auth/rules";
import type { translatorFor } from "@/lib/i18n/translate";

type AuthT = ReturnType<typeof translatorFor<"auth">>;
type Known = keyof typeof MESSAGES;

const PROTECTED = /^"(.+)" is a protected username$/s;
const LOCKED_OUT = /^Account locked due to too many failed login attempts\. Try again in (\d+) minutes?\.$/;

export function authErrorText(message: string, t: AuthT): string {
  const known = (Object.keys(MESSAGES) as Known[]).find((key) => MESSAGES[key] === message);
  if (known) return t(`errors.${known}`);
  const taken = PROTECTED.exec(message);
  if (taken) return t("errors.protectedUsername", { username: taken[1] ?? "" });
  const locked = LOCKED_OUT.exec(message);
  if (locked) return t("errors.lockedOut", { minutes: Number(locked[1]) });
  return message;
}
