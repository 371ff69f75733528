import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SWRConfig } from "swr";
import { ChatApp } from "@/app/_components/chat/chat-app";
import { bootstrap } from "@/lib/chat/bootstrap";
import { getSettings } from "@/lib/chat/profile";
import { THEME_COOKIE, themeChoiceOf, themeScript, type ThemeChoice } from "@/lib/client/theme-choice";
import { settings } from "@/lib/config";
import { pageUser } from "@/lib/http/page-session";

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
    // The user's theme (it follows them between browsers); without it, this browser's cookie stands.
    getSettings(user).then(
      (row): ThemeChoice | undefined => row.theme,
      () => undefined,
    ),
  ]);
  // This browser's cookie drew the page so far: when the server's setting differs (changed in another
  // browser, or a first visit here), the first thing in the body adopts it before anything is drawn.
  const stale = theme !== undefined && theme !== themeChoiceOf((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <SWRConfig value={{ fallback: first?.fallback ?? {} }}>
      {stale && theme ? <script dangerouslySetInnerHTML={{ __html: themeScript(theme) }} /> : null}
      <ChatApp
        me={user}
        channels={[...s.channels]}
        maxUploadMb={s.max_upload_size_mb}
        maxAvatarMb={s.max_avatar_size_mb}
        initial={first ? { channel: first.channel, messages: first.messages } : undefined}
        mergeWindowSeconds={first?.mergeWindowSeconds ?? s.merge_window_seconds}
        tribuneTimeZone={first?.tribuneTimeZone ?? s.tribune.time_zone}
        theme={theme}
      />
    </SWRConfig>
  );
}
