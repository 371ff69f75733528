import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "../auth-card";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Sign Up \u2013 MiniMost" };

export default function SignupPage() {
  return (
    <AuthCard
      title="Create account"
      footer={
        <p>
          Already have an account? <Link className="text-accent underline" href="/login">Log in</Link>
        </p>
      }
    >
      <SignupForm />
    </AuthCard>
  );
}
