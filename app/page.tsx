import { redirect } from "next/navigation";
import { SWRConfig } from "swr";
import { ChatApp } from "@/app/_components/chat/chat-app";
import { bootstrap } from "@/lib/chat/bootstrap";
import { settings } from "@/lib/config";
import { pageTheme, pageUser } from "@/lib/http/page-session";

// Per-request: the page depends on the session cookie.
export const dynamic = "force-dynamic";

/**
 * The chat: a server-rendered shell around the client app, arriving with everything its first
 * screen needs (lists in SWR's fallback, the first channel's newest messages as a seed).
 */
export default async function ChatPage() {
  const user = await pageUser();
  if (!user) redirect("/login");
  const s = settings();
  // Without it the page still works: the client asks for everything itself, as it always can.
  const [first, theme] = await Promise.all([
    bootstrap(user, s.channels[0]).catch((err: unknown) => {
      console.error("[chat] first-screen data failed; the client will fetch it", err);
      return null;
    }),
    // The user's theme: the root layout drew a full page load in it; arriving from the sign-in page
    // (a client-side navigation, the layout stays) the client applies it.
    pageTheme(user),
  ]);
  return (
    <SWRConfig value={{ fallback: first?.fallback ?? {} }}>
      <ChatApp
        me={user}
        channels={[...s.channels]}
        maxUploadMb={s.max_upload_size_mb}
        maxAvatarMb={s.max_avatar_size_mb}
        initial={first ? { channel: first.channel, messages: first.messages } : undefined}
        mergeWindowSeconds={first?.mergeWindowSeconds ?? s.merge_window_seconds}
        tribuneTimeZone={first?.tribuneTimeZone ?? s.tribune.time_zone}
        theme={theme ?? undefined}
      />
    </SWRConfig>
  );
}
