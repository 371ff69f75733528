import type { Metadata } from "next";
import { resetTokenUser } from "@/lib/auth/accounts";
import { AuthCard } from "../../auth-card";
import { InvalidLink, ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Reset password \u2013 MiniMost" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const username = await resetTokenUser(token);
  return (
    <AuthCard title="Set new password">{username ? <ResetForm token={token} username={username} /> : <InvalidLink />}</AuthCard>
  );
}
