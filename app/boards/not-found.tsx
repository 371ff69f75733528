import Link from "next/link";
import { pageT } from "@/lib/http/page-locale";

/** An unknown board, thread or page under /boards/. */
export default async function BoardsNotFound() {
  const t = await pageT("boards");
  return (
    <div className="py-8 text-center">
      <h1 className="mb-2 text-xl font-semibold">{t("notFound.title")}</h1>
      <p className="mb-4 text-muted">{t("notFound.text")}</p>
      <Link href="/boards/" className="text-accent underline">{t("notFound.allBoards")}</Link>
    </div>
  );
}
