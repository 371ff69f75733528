/** How the authors on a boards page look: their chat colours and who has a picture, for them alone. */
import "server-only";
import { db } from "@/lib/db/client";

export interface AuthorLooks {
  /** Custom name colours by username. */
  colors: Record<string, string>;
  /** Authors with a picture. */
  avatars: string[];
}

const NOBODY: AuthorLooks = { colors: {}, avatars: [] };

/**
 * The looks of `names` (the authors a page shows), for a signed-in reader only: an anonymous reader
 * sees default colours and no pictures, and nobody is sent the names of users the page does not show.
 */
export async function authorLooks(reader: string | null, names: Iterable<string | null>): Promise<AuthorLooks> {
  if (!reader) return NOBODY;
  const wanted = [...new Set([...names].filter((name): name is string => !!name))];
  if (wanted.length === 0) return NOBODY;
  const rows = await db().userSettings.findMany({
    where: { username: { in: wanted }, OR: [{ nameColor: { not: null } }, { avatarFile: { not: null } }] },
    select: { username: true, nameColor: true, avatarFile: true },
  });
  return {
    colors: Object.fromEntries(rows.filter((r) => r.nameColor).map((r) => [r.username, r.nameColor!])),
    avatars: rows.filter((r) => r.avatarFile).map((r) => r.username),
  };
}
