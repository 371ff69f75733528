import { readReceipts } from "@/lib/chat/messages";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `GET /read_receipts/<channel>` → `{"<message ts>": [reader, …]}`. */
export const GET = withUser(({ user, params }) => readReceipts(user, params.channel), { params: channelParam });
