import { withUser } from "@/lib/http/route";
import { usersWithAvatars } from "@/lib/uploads/avatars";

/** `GET /user_avatars`: the users who have an avatar. */
export const GET = withUser(() => usersWithAvatars());
