import { search } from "@/lib/chat/search";
import { withUser } from "@/lib/http/route";

/** `GET /search_messages?q=&from=&channel=&start=&end=`: newest first, at most 50. */
export const GET = withUser(({ req, user }) => {
  const query = new URL(req.url).searchParams;
  return search(user, {
    q: query.get("q"),
    from: query.get("from"),
    channel: query.get("channel"),
    start: query.get("start"),
    end: query.get("end"),
  });
});
