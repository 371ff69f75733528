/** Shapes of the API's answers, as the web client names them (types only, from the shared wire file). */
import type { ApiMessage, ChangeEvent, DmEntry, PrivateChannelEntry } from "@/lib/chat/wire";

/** A message as `/messages` answers it. */
export type Message = ApiMessage;
export type PrivateChannel = PrivateChannelEntry;
export type { ChangeEvent, DmEntry };

/** The latest of a row's times: where the next `?after=` poll starts. */
export const rowCursor = (m: Message) => Math.max(m.ts, m.edited_ts ?? 0, m.reactions_ts ?? 0, m.deleted_ts ?? 0, m.updated_ts ?? 0);
