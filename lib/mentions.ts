/**
 * Mentions: `@name` tokens that resolve, case-insensitively, to members of the channel, in membership
 * order and canonical spelling; `@everyone` stands alone for the whole channel.
 */
export const MENTION_EVERYONE = "@everyone";

const TOKEN = /@([A-Za-z0-9_-]+)/g;

export function extractMentions(text: string, members: readonly string[]): string[] {
  if (!text) return [];
  const tokens = new Set<string>();
  for (const match of text.matchAll(TOKEN)) tokens.add(match[1].toLowerCase());
  if (tokens.has("everyone")) return [MENTION_EVERYONE];
  return members.filter((member) => tokens.has(member.toLowerCase()));
}

/** The stored form: a JSON array string, or null when nobody is mentioned. */
export function mentionsJson(text: string, members: readonly string[]): string | null {
  const mentions = extractMentions(text, members);
  return mentions.length ? JSON.stringify(mentions) : null;
}
