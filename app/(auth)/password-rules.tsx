"use client";

import { passwordChecklist } from "@/lib/auth/rules";

const ITEMS = [
  ["length", "8+ characters"],
  ["upper", "One uppercase letter"],
  ["number", "One number"],
  ["special", "One special character"],
] as const;

/** The live checklist under a new password: • untouched, ✓ met, ✗ not met. */
export function PasswordRules({ password, confirm }: { password: string; confirm: string }) {
  const checks = passwordChecklist(password);
  const touched = password.length > 0;
  return (
    <ul className="mb-4 space-y-0.5 text-sm" aria-label="Password rules">
      {ITEMS.map(([key, label]) => {
        const met = checks[key];
        return (
          <li key={key} className={!touched ? "text-muted" : met ? "text-ok" : "text-danger"}>
            <span aria-hidden="true">{!touched ? "\u2022" : met ? "\u2713" : "\u2717"}</span> {label}
            <span className="sr-only">{!touched ? "" : met ? " (met)" : " (not met)"}</span>
          </li>
        );
      })}
      {confirm.length > 0 ? (
        <li className={confirm === password ? "text-ok" : "text-danger"}>
          {confirm === password ? "\u2713 Passwords match" : "\u2717 Passwords do not match"}
        </li>
      ) : null}
    </ul>
  );
}
