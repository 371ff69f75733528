import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ReportQueue } from "@/app/_components/boards/report-queue";
import { isAdmin, reportQueue } from "@/lib/boards";
import { pageUser } from "@/lib/http/page-session";

export const metadata: Metadata = { title: "Reports" };

/** `GET /boards/reports/`: the open reports, for admins (others: not found; anonymous: sign in). */
export default async function ReportsPage() {
  const me = await pageUser();
  if (!me) redirect("/login");
  if (!(await isAdmin(me))) notFound();
  const reports = await reportQueue(me);
  return <ReportQueue reports={reports} />;
}
