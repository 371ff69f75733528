/**
 * Username and password rules with the reference's exact messages. Shared by the server and the
 * signup form's live checklist, so this module must stay free of server-only imports.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set(["minimost", "everyone", "deleteduser", "system"]);
export const PASSWORD_SPECIALS = "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?`~";
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

export const MESSAGES = {
  missingFields: "Missing fields",
  badUsername: "Username may only contain letters, numbers, hyphens, and underscores (1\u201332 characters)",
  userExists: "User already exists",
  passwordShort: "Password must be at least 8 characters",
  passwordLong: "Password must be at most 1024 characters",
  passwordNumber: "Password must contain at least one number",
  passwordUpper: "Password must contain at least one uppercase letter",
  passwordSpecial: "Password must contain at least one special character",
  mismatch: "Passwords do not match",
  invalidCredentials: "Invalid credentials",
  currentPasswordWrong: "Current password is incorrect",
} as const;

export const protectedUsernameMessage = (username: string) => `"${username}" is a protected username`;

/** Lengths count characters (code points), as the reference does. */
const charCount = (text: string) => [...text].length;

export interface PasswordChecklist {
  length: boolean;
  number: boolean;
  upper: boolean;
  special: boolean;
}

export function passwordChecklist(password: string): PasswordChecklist {
  const length = charCount(password);
  return {
    length: length >= PASSWORD_MIN && length <= PASSWORD_MAX,
    number: /\d/.test(password),
    upper: /[A-Z]/.test(password),
    special: [...password].some((ch) => PASSWORD_SPECIALS.includes(ch)),
  };
}

/** The first broken password rule, or null. The password is never trimmed. */
export function passwordProblem(password: string, confirm?: string): string | null {
  const length = charCount(password);
  if (length < PASSWORD_MIN) return MESSAGES.passwordShort;
  if (length > PASSWORD_MAX) return MESSAGES.passwordLong;
  const checks = passwordChecklist(password);
  if (!checks.number) return MESSAGES.passwordNumber;
  if (!checks.upper) return MESSAGES.passwordUpper;
  if (!checks.special) return MESSAGES.passwordSpecial;
  if (confirm !== undefined && password !== confirm) return MESSAGES.mismatch;
  return null;
}

/** The first signup problem the form can know of (existence is the server's to say), or null. */
export function signupProblem(username: string, password: string, confirm: string): string | null {
  if (!username || !password) return MESSAGES.missingFields;
  if (RESERVED_USERNAMES.has(username.toLowerCase())) return protectedUsernameMessage(username);
  if (!USERNAME_PATTERN.test(username)) return MESSAGES.badUsername;
  return passwordProblem(password, confirm);
}
