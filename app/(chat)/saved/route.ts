import { savedRows } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";

/** `GET /saved` → your saved messages you can still see, as /messages rows with `saved_at`, newest save first. */
export const GET = withUser(({ user }) => savedRows(user));
