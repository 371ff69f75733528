/** Name colours, bios and profiles. */
import "server-only";
import { db } from "@/lib/db/client";
import { themeChoiceOf, type ThemeChoice } from "@/lib/client/theme-choice";
import { invalid } from "@/lib/errors";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { textProblem } from "@/lib/text";

export const BIO_MAX = 160;
const COLOR = /^#[0-9a-fA-F]{6}$/;

export async function getSettings(user: string) {
  const row = await db().userSettings.findUnique({ where: { username: user }, select: { nameColor: true, bio: true, theme: true, language: true } });
  return {
    name_color: row?.nameColor ?? null,
    bio: row?.bio ?? null,
    theme: themeChoiceOf(row?.theme),
    // null: the browser's language (Accept-Language) is used.
    language: isLocale(row?.language) ? row.language : null,
  };
}

/**
 * `POST /settings` `{"name_color", "bio", "theme", "language"}`. A key that is present is written (null
 * clears it); a key that is absent is left as it was. The theme and language are checked by the body's schema.
 */
export async function updateSettings(
  user: string,
  body: { name_color?: string | null; bio?: string | null; theme?: ThemeChoice | null; language?: Locale | null },
): Promise<void> {
  const data: { nameColor?: string | null; bio?: string | null; theme?: string | null; language?: string | null } = {};
  if (body.theme !== undefined) data.theme = body.theme === "system" ? null : body.theme;
  if (body.language !== undefined) data.language = body.language;
  if (body.name_color !== undefined) {
    const value = body.name_color;
    if (value === null) data.nameColor = null;
    else if (COLOR.test(value.trim())) data.nameColor = value.trim();
    else throw invalid("invalid color", "plain");
  }
  if (body.bio !== undefined) {
    const value = body.bio;
    if (value === null) data.bio = null;
    else {
      // A bio is free text: line breaks stay, NUL and other controls or bidi overrides are refused.
      const problem = textProblem(value);
      if (problem) throw invalid(`bio ${problem}`);
      data.bio = [...value.trim()].slice(0, BIO_MAX).join("") || null;
    }
  }
  await db().userSettings.upsert({ where: { username: user }, create: { username: user, ...data }, update: data });
}

export async function userColors(): Promise<Record<string, string>> {
  const rows = await db().userSettings.findMany({ where: { nameColor: { not: null } }, select: { username: true, nameColor: true } });
  return Object.fromEntries(rows.map((r) => [r.username, r.nameColor!]));
}

/** `GET /profile/<username>`: answers for any name, with nulls for unknown ones. */
export async function profile(username: string) {
  const row = await db().user.findUnique({
    where: { usernameKey: username.toLowerCase() },
    select: { settings: { select: { nameColor: true, bio: true } } },
  });
  return { username, name_color: row?.settings?.nameColor ?? null, bio: row?.settings?.bio ?? null };
}
