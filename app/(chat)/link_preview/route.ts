import { withUser } from "@/lib/http/route";
import { linkPreview } from "@/lib/previews/link";

/** `GET /link_preview?url=`: an OpenGraph or code card for a link, `{}` when there is none. */
export const GET = withUser(({ req }) => linkPreview(new URL(req.url).searchParams.get("url")));
