import type { Metadata } from "next";
import Link from "next/link";
import { nextPath } from "@/lib/auth/next-path";
import { AuthCard } from "../auth-card";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Login \u2013 MiniMost" };

/** `?next=` names the page that sent the reader here (a permalink): the form goes back there. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = nextPath((await searchParams).next);
  return (
    <AuthCard
      title="Log in"
      footer={
        <>
          <p>
            No account? <Link className="text-accent underline" href="/signup">Sign up</Link>
          </p>
          <p>
            <Link className="text-accent underline" href="/forgot-password">Forgot your password?</Link>
          </p>
          <p className="pt-2 text-xs"># v0.1.0</p>
        </>
      }
    >
      <LoginForm next={next} />
    </AuthCard>
  );
}
