import { redirect } from "next/navigation";
import { ChatApp } from "@/app/_components/chat/chat-app";
import { settings } from "@/lib/config";
import { pageUser } from "@/lib/http/page-session";

// Per-request: the page depends on the session cookie.
export const dynamic = "force-dynamic";

/** The chat: a server-rendered shell around the client app. */
export default async function ChatPage() {
  const user = await pageUser();
  if (!user) redirect("/login");
  const s = settings();
  return <ChatApp me={user} channels={[...s.channels]} maxUploadMb={s.max_upload_size_mb} maxAvatarMb={s.max_avatar_size_mb} />;
}
