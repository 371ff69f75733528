import { settings } from "@/lib/config";
import { withUser } from "@/lib/http/route";

/** `GET /channels`: the configured public channels. */
export const GET = withUser(() => [...settings().channels]);
