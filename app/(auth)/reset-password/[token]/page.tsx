import type { Metadata } from "next";
import { resetTokenUser } from "@/lib/auth/accounts";
import { pageT } from "@/lib/http/page-locale";
import { AuthCard } from "../../auth-card";
import { InvalidLink, ResetForm } from "./reset-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await pageT("auth"))("meta.reset") };
}

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [username, t] = await Promise.all([resetTokenUser(token), pageT("auth")]);
  return (
    <AuthCard title={t("reset.title")}>{username ? <ResetForm token={token} username={username} /> : <InvalidLink />}</AuthCard>
  );
}
