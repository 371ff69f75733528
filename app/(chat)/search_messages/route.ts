import { searchQuery } from "@/lib/chat/schemas";
import { search } from "@/lib/chat/search";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `GET /search_messages?q=&from=&channel=&start=&end=`: newest first, at most 50. */
export const GET = withUser(({ req, user }) => {
  const query = new URL(req.url).searchParams;
  const names = ["q", "from", "channel", "start", "end"] as const;
  return search(user, parseInput(searchQuery, Object.fromEntries(names.map((name) => [name, query.get(name)]))));
});
