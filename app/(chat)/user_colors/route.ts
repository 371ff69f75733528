import { userColors } from "@/lib/chat/profile";
import { withUser } from "@/lib/http/route";

/** `GET /user_colors`: `{user: "#rrggbb"}` for users who chose a colour. */
export const GET = withUser(() => userColors());
