import type { Metadata } from "next";
import Link from "next/link";
import { nextPath } from "@/lib/auth/next-path";
import { pageT } from "@/lib/http/page-locale";
import { AuthCard } from "../auth-card";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await pageT("auth"))("meta.login") };
}

/** `?next=` names the page that sent the reader here (a permalink): the form goes back there. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = nextPath((await searchParams).next);
  const t = await pageT("auth");
  return (
    <AuthCard
      title={t("login.title")}
      footer={
        <>
          <p>
            {t.rich("login.noAccount", {
              link: (chunks) => (
                <Link className="text-accent underline" href="/signup">
                  {chunks}
                </Link>
              ),
            })}
          </p>
          <p>
            <Link className="text-accent underline" href="/forgot-password">{t("login.forgot")}</Link>
          </p>
          <p className="pt-2 text-xs"># v0.1.0</p>
        </>
      }
    >
      <LoginForm next={next} />
    </AuthCard>
  );
}
