import { notFound, redirect } from "next/navigation";
import { permalinkTarget } from "@/lib/chat/actions";
import { pageUser } from "@/lib/http/page-session";

// Per-request: who asks decides where the link leads.
export const dynamic = "force-dynamic";

/**
 * A message's permalink (issue 16): `/m/<id>` opens the chat on the message's channel with the message
 * named (`/?channel=<ch>&message=<id>`), for a reader who can see it; anyone else finds nothing there.
 */
export default async function Permalink({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser();
  if (!user) redirect("/login");
  const target = await permalinkTarget(user, (await params).id);
  if (!target) notFound();
  redirect(target);
}
