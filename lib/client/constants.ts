/** Values the web client and the server must agree on (no server-only imports: both sides use it). */

/** A channel's first load, and each step back through its history, fetches this many messages. */
export const MESSAGE_PAGE = 200;

/** The name a soft-deleted account's messages are shown under. */
export const DELETED_USER = "Deleted User";

/** Longest private channel name, in characters (code points). */
export const CHANNEL_NAME_MAX = 80;
