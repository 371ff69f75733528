import { searchQuery } from "@/lib/chat/schemas";
import { search } from "@/lib/chat/search";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/**
 * `GET /search_messages?q=&from=&channel=&start=&end=&tz=&context=`: newest first, at most 50. `q`
 * takes words, "phrases", -exclusions and from:/in:/before:/after:/on: (lib/chat/search-query.ts).
 */
export const GET = withUser(({ req, user }) => {
  const query = new URL(req.url).searchParams;
  const names = ["q", "from", "channel", "start", "end", "tz", "context"] as const;
  return search(user, parseInput(searchQuery, Object.fromEntries(names.map((name) => [name, query.get(name)]))));
});
