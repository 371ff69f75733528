import type { Metadata } from "next";
import { BoardsHeader } from "@/app/_components/boards/header";
import { PeopleProvider } from "@/app/_components/boards/viewer";
import { isAdmin } from "@/lib/boards";
import { userColors } from "@/lib/chat/profile";
import { pageUser } from "@/lib/http/page-session";
import { usersWithAvatars } from "@/lib/uploads/avatars";

export const metadata: Metadata = { title: { template: "%s · Boards · MiniMost", default: "Boards · MiniMost" } };

// Per-request: the header and the forms depend on the session cookie.
export const dynamic = "force-dynamic";

/** Every boards page: the chat's header and its names (colours; pictures for a signed-in reader, who alone may load them). */
export default async function BoardsLayout({ children }: { children: React.ReactNode }) {
  const me = await pageUser();
  const [admin, colors, avatars] = await Promise.all([isAdmin(me), userColors(), me ? usersWithAvatars() : Promise.resolve([])]);
  return (
    <PeopleProvider colors={colors} avatars={avatars}>
      <div className="flex min-h-dvh flex-col">
        <BoardsHeader me={me} admin={admin} />
        <main className="mx-auto w-full max-w-4xl min-w-0 px-3 py-4">{children}</main>
      </div>
    </PeopleProvider>
  );
}
