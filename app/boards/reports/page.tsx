import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ReportQueue } from "@/app/_components/boards/report-queue";
import { PeopleProvider } from "@/app/_components/boards/viewer";
import { authorLooks, isAdmin, reportQueue } from "@/lib/boards";
import { pageT } from "@/lib/http/page-locale";
import { pageUser } from "@/lib/http/page-session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await pageT("boards"))("meta.reports") };
}

/** `GET /boards/reports/`: the open reports, for admins (others: not found; anonymous: sign in). */
export default async function ReportsPage() {
  const me = await pageUser();
  if (!me) redirect("/login");
  if (!(await isAdmin(me))) notFound();
  const reports = await reportQueue(me);
  const looks = await authorLooks(me, reports.map((r) => r.post.author));
  return (
    <PeopleProvider colors={looks.colors} avatars={looks.avatars}>
      <ReportQueue reports={reports} />
    </PeopleProvider>
  );
}
