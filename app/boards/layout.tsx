import type { Metadata } from "next";
import { BoardsHeader } from "@/app/_components/boards/header";
import { PeopleProvider } from "@/app/_components/boards/viewer";
import { authorLooks, isAdmin } from "@/lib/boards";
import { pageT } from "@/lib/http/page-locale";
import { pageUser } from "@/lib/http/page-session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await pageT("boards");
  return { title: { template: t("meta.template"), default: t("meta.default") } };
}

// Per-request: the header and the forms depend on the session cookie.
export const dynamic = "force-dynamic";

/**
 * Every boards page: the chat's header, with the reader's own colour and picture. Each page adds its
 * authors' (for a signed-in reader only, and only the names it shows).
 */
export default async function BoardsLayout({ children }: { children: React.ReactNode }) {
  const me = await pageUser();
  const [admin, looks, t] = await Promise.all([isAdmin(me), authorLooks(me, [me]), pageT("boards")]);
  return (
    <PeopleProvider colors={looks.colors} avatars={looks.avatars}>
      <div className="flex min-h-dvh flex-col">
        <BoardsHeader me={me} admin={admin} t={t} />
        <main className="mx-auto w-full max-w-4xl min-w-0 px-3 py-4">{children}</main>
      </div>
    </PeopleProvider>
  );
}
