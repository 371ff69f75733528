import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "../auth-card";

export const metadata: Metadata = { title: "Forgot password \u2013 MiniMost" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?" footer={<Link className="text-accent underline" href="/login">Back to login</Link>}>
      <div className="space-y-3 text-sm">
        <p>Ask an administrator of this MiniMost server to run:</p>
        <pre className="overflow-x-auto rounded bg-bg p-3 font-mono text-xs">npm run reset-password -- &lt;your-username&gt;</pre>
        <p>They will give you a one-time link to set a new password. The link expires after 60 minutes by default.</p>
      </div>
    </AuthCard>
  );
}
