import { redirect } from "next/navigation";
import { settings } from "@/lib/config";
import { pageUser } from "@/lib/http/page-session";

// Per-request: the page depends on the session cookie.
export const dynamic = "force-dynamic";

/** The chat shell. The full client arrives with the web-client issue; this is its frame. */
export default async function ChatPage() {
  const user = await pageUser();
  if (!user) redirect("/login");
  const { channels } = settings();
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <nav aria-label="Channels" className="border-b border-border bg-surface p-4 md:w-64 md:border-r md:border-b-0">
        <p className="mb-3 text-lg font-semibold">MiniMost</p>
        <h2 className="mb-1 text-sm font-bold">Public Channels</h2>
        <ul className="space-y-0.5 text-sm">
          {channels.map((channel) => (
            <li key={channel}># {channel}</li>
          ))}
        </ul>
      </nav>
      <main className="flex-1 p-4">
        <header className="mb-4 flex items-center justify-between gap-4">
          <h1 className="text-xl font-semibold"># {channels[0]}</h1>
          <div className="flex items-center gap-3 text-sm">
            <span data-testid="current-user">
              Signed in as <strong>{user}</strong>
            </span>
            <a className="rounded border border-border px-2 py-1 hover:bg-raised" href="/logout">
              Sign out
            </a>
          </div>
        </header>
      </main>
    </div>
  );
}
