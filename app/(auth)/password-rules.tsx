"use client";

import { Check, Dot, X } from "lucide-react";
import { useTranslations } from "use-intl";
import { passwordChecklist } from "@/lib/auth/rules";

const RULES = ["length", "upper", "number", "special"] as const;
const icon = "inline size-4 shrink-0 align-[-0.2em]";

/** The mark before a rule: a dot untouched, a check met, a cross not met. */
function Mark({ touched, met }: { touched: boolean; met: boolean }) {
  const Icon = !touched ? Dot : met ? Check : X;
  return <Icon aria-hidden="true" className={icon} />;
}

/** The live checklist under a new password: untouched, met or not met, each rule in turn. */
export function PasswordRules({ password, confirm }: { password: string; confirm: string }) {
  const t = useTranslations("auth.rules");
  const checks = passwordChecklist(password);
  const touched = password.length > 0;
  return (
    <ul className="mb-4 space-y-0.5 text-sm" aria-label={t("label")}>
      {RULES.map((key) => {
        const met = checks[key];
        return (
          <li key={key} className={!touched ? "text-muted" : met ? "text-ok" : "text-danger"}>
            <Mark touched={touched} met={met} /> {t(key)}
            <span className="sr-only">{!touched ? "" : ` ${met ? t("met") : t("notMet")}`}</span>
          </li>
        );
      })}
      {confirm.length > 0 ? (
        <li className={confirm === password ? "text-ok" : "text-danger"}>
          <Mark touched met={confirm === password} /> {confirm === password ? t("match") : t("mismatch")}
        </li>
      ) : null}
    </ul>
  );
}
