/**
 * Mentions: `@name` tokens that resolve, case-insensitively, to members of the channel, in membership
 * order and canonical spelling; `@everyone` stands alone for the whole channel. An `@` right after a
 * letter, digit, `_`, `-`, `.`, `@` or `/` is part of an e-mail address, a URL or a path, never a
 * mention (as in the original). Shared by the server (stored mentions) and the client (pills).
 */
export const MENTION_EVERYONE = "@everyone";

/** A mention token; the name is group 1. A fresh `g` regex each call keeps `lastIndex` private. */
export const mentionPattern = () => /(?<![\p{L}\p{N}_.@/-])@([A-Za-z0-9_-]+)/gu;

/** `everyone: false`: `@everyone` calls nobody (a post without an account may not page a whole channel). */
export function extractMentions(text: string, members: readonly string[], options: { everyone?: boolean } = {}): string[] {
  if (!text) return [];
  const tokens = new Set<string>();
  for (const [, name = ""] of text.matchAll(mentionPattern())) tokens.add(name.toLowerCase());
  if (tokens.has("everyone") && options.everyone !== false) return [MENTION_EVERYONE];
  return members.filter((member) => tokens.has(member.toLowerCase()));
}

/** The stored form: a JSON array string, or null when nobody is mentioned. */
export function mentionsJson(text: string, members: readonly string[], options: { everyone?: boolean } = {}): string | null {
  const mentions = extractMentions(text, members, options);
  return mentions.length ? JSON.stringify(mentions) : null;
}
