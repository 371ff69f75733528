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
  const { id } = await params;
  const user = await pageUser();
  // Signed out: the sign-in comes back here (lib/auth/next-path.ts keeps it on this site).
  if (!user) redirect(`/login?next=${encodeURIComponent(`/m/${encodeURIComponent(id)}`)}`);
  const target = await permalinkTarget(user, id);
  if (!target) notFound();
  redirect(target);
}
