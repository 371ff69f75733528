/**
 * The chat routes' bodies as zod schemas: what each route hands its domain function, typed. Each
 * failure keeps the answer the route gave before (see lib/schemas.ts for how a failure is worded).
 */
import { z } from "zod";
import { isOverrideState, isPresenceState, OVERRIDE_STATES, PRESENCE_STATES, type OverrideState, type PresenceState } from "@/lib/presence";
import { isThemeChoice, type ThemeChoice } from "@/lib/client/theme-choice";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { checked, isString, isStringOrNull, looseString } from "@/lib/schemas";
import { PAGE_LIMIT_MAX } from "./messages";
import { channelNameProblem } from "./private-channels";

/** `POST /dms/close` `{"channel": "dm:…"}`. */
export const closeDmBody = z.object({ channel: checked(isString, "invalid channel", "plain") });

/** The page's theme; "system" (stored as null) follows the browser's light/dark setting. */
const isThemeOrNull = (value: unknown): value is ThemeChoice | null => value === null || isThemeChoice(value);

/** The interface language; null follows the browser's (Accept-Language). */
const isLocaleOrNull = (value: unknown): value is Locale | null => value === null || isLocale(value);

/** `POST /settings` `{"name_color", "bio", "theme", "language"}`: a key left out stays as it is, null clears it. */
export const settingsBody = z.object({
  name_color: checked(isStringOrNull, "invalid color", "plain").optional(),
  bio: checked(isStringOrNull, "bio must be a string or null").optional(),
  theme: checked(isThemeOrNull, 'theme must be "light", "dark", "system" or null').optional(),
  language: checked(isLocaleOrNull, 'language must be "en", "fr" or null').optional(),
});

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/** `POST /private_channels/create` `{"name", "members"}`: the name is checked first, as it always was. */
export const createPrivateChannelBody = z.object({
  name: looseString().superRefine((name, ctx) => {
    const problem = channelNameProblem(name.trim());
    if (problem) ctx.addIssue({ code: "custom", message: problem, params: { style: "plain" } });
  }),
  members: z
    .unknown()
    .optional()
    .transform((value) => value ?? [])
    .pipe(checked(isStringList, "members must be a list of usernames", "plain")),
});

/** `POST /private_channels/<id>/rename` `{"name"}`: the name is checked after membership. */
export const renamePrivateChannelBody = z.object({ name: looseString() });

/** `POST /private_channels/<id>/add_member` `{"username"}`. */
export const addMemberBody = z.object({ username: looseString() });

/** `POST /presence` `{"state"}`. */
export const presenceBody = z.object({
  state: checked((value): value is PresenceState => isPresenceState(value), `state must be one of ${PRESENCE_STATES.join(", ")}`),
});

/** `POST /presence/override` `{"override"}`: null, "" and "auto" mean automatic (null). */
export const overrideBody = z.object({
  override: checked(
    (value): value is OverrideState | null | "" | "auto" => value === null || value === "" || value === "auto" || isOverrideState(value),
    `override must be one of ${OVERRIDE_STATES.join(", ")}, "auto" or null`,
  ).transform((value) => (isOverrideState(value) ? value : null)),
});

const isPageLimit = (raw: unknown): raw is string | null =>
  raw === null || (typeof raw === "string" && /^[0-9]+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= PAGE_LIMIT_MAX);
const isSeconds = (raw: unknown): raw is string | null => raw === null || (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw)));
/** A query number that is absent, empty or not a number counts as not given. */
const lenientNumber = <T>(fallback: T) =>
  z
    .string()
    .nullable()
    .transform((raw) => (raw !== null && raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : fallback));
const toNumber = (raw: string | null) => (raw === null ? null : Number(raw));

/** `GET /messages/<channel>?after=&limit=&before=` (absent parameters are null): an unreadable `after` is 0, as in the reference. */
export const messagesQuery = z.object({
  after: lenientNumber(0),
  limit: checked(isPageLimit, `limit must be an integer from 1 to ${PAGE_LIMIT_MAX}`).transform(toNumber),
  before: checked(isSeconds, "before must be a number of seconds").transform(toNumber),
});

/**
 * `GET /search_messages?q=&from=&channel=&start=&end=&tz=&context=` (absent parameters are null); "" is
 * no filter. `q` holds words and operators (lib/chat/search-query.ts); `tz` is the zone its days are in.
 */
export const searchQuery = z.object({
  q: z.string().nullable().transform((raw) => raw?.trim() ?? ""),
  from: z.string().nullable().transform((raw) => raw?.trim() ?? ""),
  channel: z.string().nullable().transform((raw) => raw?.trim() ?? ""),
  start: lenientNumber(undefined),
  end: lenientNumber(undefined),
  tz: z.string().nullable().transform((raw) => raw?.trim() ?? ""),
  context: z
    .enum(["", "0", "1", "false", "true"], { error: "context must be 1 or 0" })
    .nullable()
    .transform((raw) => raw === "1" || raw === "true"),
});
