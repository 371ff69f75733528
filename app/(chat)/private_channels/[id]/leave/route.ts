import { leavePrivateChannel } from "@/lib/chat/private-channels";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /private_channels/<id>/leave`. */
export const POST = withUser(
  async ({ user, params }) => {
    await leavePrivateChannel(user, params.id);
    return "ok";
  },
  { params: idParam },
);
