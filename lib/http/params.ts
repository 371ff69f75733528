/** Path-parameter schemas shared by the route files. */
import { z } from "zod";

/** An integer path id (`/message/<int:id>`); anything else is a 404, like an unmatched route. */
export const idParam = z.object({ id: z.string().regex(/^[0-9]{1,15}$/).transform(Number) });

export const channelParam = z.object({ channel: z.string().min(1).max(1024) });
