import { getMessage } from "@/lib/chat/messages";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `GET /message/<id>` → `{"id", "sender", "content", "filename", "deleted"}`. */
export const GET = withUser(({ user, params }) => getMessage(user, params.id), { params: idParam });
