import { privateChannelMembers } from "@/lib/chat/private-channels";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `GET /private_channels/<id>/members` → `[{"username"}]`. */
export const GET = withUser(({ user, params }) => privateChannelMembers(user, params.id), { params: idParam });
