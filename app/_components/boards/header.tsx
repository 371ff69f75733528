import Link from "next/link";
import type { BoardsWords } from "./board-index";
import { AuthorAvatar } from "./viewer";

/** The chat's bar, for the boards: home, the boards, the report queue for admins, the reader or a sign-in link. */
export function BoardsHeader({ me, admin, t }: { me: string | null; admin: boolean; t: BoardsWords["t"] }) {
  const link = "rounded px-2 py-1 text-sm whitespace-nowrap hover:bg-raised";
  return (
    <header className="flex items-center gap-1 border-b border-border bg-surface px-2 py-2 sm:gap-2 sm:px-3">
      <Link href="/" className="flex shrink-0 items-center gap-2 rounded px-1 hover:bg-raised" title={t("header.backToChat")}>
        {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG */}
        <img src="/icon.svg" alt="" width={24} height={24} className="rounded" />
        <span className="hidden text-sm text-muted sm:inline">MiniMost</span>
      </Link>
      <Link href="/boards/" className="truncate rounded px-1 text-lg font-semibold hover:bg-raised">{t("header.boards")}</Link>
      <nav aria-label={t("header.site")} className="ml-auto flex items-center gap-1">
        {admin ? <Link href="/boards/reports/" className={link}>{t("header.reports")}</Link> : null}
        <Link href="/" className={link}>{t("header.chat")}</Link>
        {me ? (
          <span className="flex items-center gap-2 px-1" data-testid="current-user">
            <AuthorAvatar name={me} size={26} />
            <span className="hidden text-sm sm:inline">{me}</span>
          </span>
        ) : (
          <a href="/login" className="rounded border border-border px-2 py-1 text-sm whitespace-nowrap hover:bg-raised">{t("header.signIn")}</a>
        )}
      </nav>
    </header>
  );
}
