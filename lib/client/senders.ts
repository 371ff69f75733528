/**
 * How the web client names whoever posted a message: an account by its username, the system by the
 * app's name, and an anonymous tribune post (sender "", no account) by the identity it was posted
 * under. One rule for headers, reply lines, quotes, the visual-mode line and notifications.
 */
import type { Message } from "./types";

/** Longest guest identity shown in a header or a one-line text, in characters; the title shows it whole. */
export const GUEST_NAME_MAX = 30;

/** Shown when an anonymous post carries no identity at all (the tribune normally always stores one). */
const NAMELESS_GUEST = "Anonymous";

type Posted = Pick<Message, "sender" | "agent">;

/** An anonymous tribune post: no account, so no profile, avatar or grouping with anyone's messages. */
export const isGuest = (m: Posted): boolean => m.sender === "";

/** A guest's identity in full, as one line (it is raw from the client: tabs and newlines become spaces). */
export function guestIdentity(m: Posted): string {
  return (m.agent ?? "").replace(/[\s\p{Cc}]+/gu, " ").trim() || NAMELESS_GUEST;
}

/** At most `max` characters (whole code points, never half an emoji), an ellipsis marking a cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}\u2026` : text;
}

/** The poster's name as the chat shows it in a header or a line of text. */
export function senderName(m: Posted): string {
  if (m.sender === "system") return "MiniMost";
  if (isGuest(m)) return clip(guestIdentity(m), GUEST_NAME_MAX);
  return m.sender;
}

/** For a registered user's tribune post, the identity it came through (shown as "via …"); else null. */
export function postedVia(m: Posted): string | null {
  if (isGuest(m) || !m.agent) return null;
  const via = m.agent.replace(/[\s\p{Cc}]+/gu, " ").trim();
  return via || null;
}
