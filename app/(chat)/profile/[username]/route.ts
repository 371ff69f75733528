import { z } from "zod";
import { profile } from "@/lib/chat/profile";
import { withUser } from "@/lib/http/route";

/** `GET /profile/<username>`: name colour and bio; nulls for an unknown name. */
export const GET = withUser(({ params }) => profile(params.username), { params: z.object({ username: z.string().max(256) }) });
