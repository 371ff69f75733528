import type { Metadata } from "next";
import Link from "next/link";
import { pageT } from "@/lib/http/page-locale";
import { AuthCard } from "../auth-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await pageT("auth"))("meta.forgot") };
}

export default async function ForgotPasswordPage() {
  const t = await pageT("auth");
  return (
    <AuthCard title={t("forgot.title")} footer={<Link className="text-accent underline" href="/login">{t("forgot.back")}</Link>}>
      <div className="space-y-3 text-sm">
        <p>{t("forgot.ask")}</p>
        <pre className="overflow-x-auto rounded bg-bg p-3 font-mono text-xs">npm run reset-password -- &lt;{t("forgot.placeholder")}&gt;</pre>
        <p>{t("forgot.link")}</p>
      </div>
    </AuthCard>
  );
}
