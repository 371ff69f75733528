import type { Metadata } from "next";
import Link from "next/link";
import { pageT } from "@/lib/http/page-locale";
import { AuthCard } from "../auth-card";
import { SignupForm } from "./signup-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await pageT("auth"))("meta.signup") };
}

export default async function SignupPage() {
  const t = await pageT("auth");
  return (
    <AuthCard
      title={t("signup.title")}
      footer={
        <p>
          {t.rich("signup.haveAccount", {
            link: (chunks) => (
              <Link className="text-accent underline" href="/login">
                {chunks}
              </Link>
            ),
          })}
        </p>
      }
    >
      <SignupForm />
    </AuthCard>
  );
}
