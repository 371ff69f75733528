/**
 * Configuration: settings.json (validated, defaults for anything missing) plus the environment.
 * A settings file that exists but is malformed is an error, never a silent fallback to defaults.
 * The file is re-read when it changes on disk, so admins can tune limits without a restart; a bad
 * edit keeps the last good settings in force and is reported.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** A public channel name: becomes part of URLs and of the `dm:`/`private:` id namespace, so no `:` or `/`. */
const channelName = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[^\s:/\\\u0000-\u001f\u007f]+$/, "channel names may not contain spaces, ':', '/', '\\' or control characters")
  .refine((name) => name !== "." && name !== "..", "channel names may not be '.' or '..'");

export const DEFAULT_BOARDS = [
  "tech", "random", "gaming", "movies", "music", "science", "books", "sports", "art", "history",
  "travel", "food", "fitness", "programming", "photography", "fashion", "cars", "finance",
  "education", "politics", "space", "nature", "memes", "anime", "diy", "gardening", "pets",
  "comics", "languages", "health",
];

/**
 * Paths under /boards/ that are not boards: the A-Z filter (`/boards/boards/<letter>/`), images, the JSON
 * lists and the report queue. A board may not take one of these names.
 */
export const RESERVED_BOARD_SLUGS: ReadonlySet<string> = new Set(["boards", "media", "reports", "boards.json", "reports.json"]);

const boardSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "board slugs are 1-32 of a-z, 0-9 and '-'")
  .refine((slug) => !RESERVED_BOARD_SLUGS.has(slug), "board slugs may not be boards, media or reports (paths of their own)");

const slugOf = (entry: string | { slug: string }) => (typeof entry === "string" ? entry : entry.slug);

const positiveDays = z.number().int().positive();

export const settingsSchema = z
  .object({
    channels: z
      .array(channelName)
      .min(1)
      .refine((list) => new Set(list).size === list.length, "channel names must be unique")
      // min(1) holds, so the first channel (where newcomers are welcomed) always exists.
      .transform((list) => list as [string, ...string[]])
      .default(["general"]),
    image_retention_days: positiveDays.default(30),
    file_retention_days: positiveDays.default(30),
    message_retention_days: positiveDays.default(770),
    max_upload_size_mb: z.number().positive().default(25),
    max_avatar_size_mb: z.number().positive().default(5),
    /** Kept so the reference's file validates; calls are out of scope. */
    stun_port: z.number().int().min(1).max(65535).default(3478),
    /** 0 or negative disables lockout. */
    max_login_attempts: z.number().int().default(5),
    lockout_duration_minutes: z.number().positive().default(15),
    /** How long a failed login waits before answering (the reference sleeps 3 s). */
    login_failure_delay_seconds: z.number().min(0).max(60).default(3),
    /** The web client groups one sender's messages this close together under one header; 0 disables. */
    merge_window_seconds: z.number().min(0).default(300),
    tribune: z
      .object({
        anonymous: z.boolean().default(false),
        /** IANA name: the tribune's times (the 14 digits clients parse, the clocks of norloges) are local to it. */
        time_zone: z
          .string()
          .min(1)
          .refine((zone) => {
            try {
              new Intl.DateTimeFormat("en-US", { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          }, "time_zone must be an IANA time zone name such as UTC or Europe/Paris")
          .default("UTC"),
        /** The site clients are told (`board/@site`, discovery), e.g. `http://chat.example.com`; null: the request's host. */
        site: z
          .string()
          .regex(/^https?:\/\/[^\s"<>&]+$/, "site must be an http:// or https:// address")
          .nullable()
          .default(null),
      })
      .strict()
      .prefault({}),
    boards: z
      .object({
        /** In the order the boards list shows them: a slug, or a slug with its own title and description. */
        boards: z
          .array(z.union([boardSlug, z.object({ slug: boardSlug, title: z.string().trim().min(1).max(80).optional(), description: z.string().max(500).default("") }).strict()]))
          .min(1)
          .refine((list) => new Set(list.map(slugOf)).size === list.length, "board slugs must be unique")
          .default(DEFAULT_BOARDS),
        max_upload_size_mb: z.number().positive().default(2),
        /** Seconds a user waits between two new threads, and between two replies (0: no wait). */
        thread_cooldown_seconds: z.number().min(0).default(60),
        reply_cooldown_seconds: z.number().min(0).default(5),
        /** Replies past this many no longer move a thread up its board. */
        bump_limit: z.number().int().min(0).default(300),
      })
      .strict()
      .prefault({}),
    /**
     * Requests admitted per minute (or 10 s) before 429 (lib/http/rate-limit.ts). The defaults are set so a
     * real web client never meets them. One chat tab polls about 9 requests a second at most (the open
     * channel's /messages every 500 ms when /events is down, six lists every second, receipts, counts and
     * directories more slowly; a boards thread polls once a second), so ~540 a minute, plus the refetches
     * change notices trigger. 6,000 a minute per user (or token) is ten such tabs at once with room for
     * bursts, while a runaway script is held to 100 a second. Anonymous callers share their address (an
     * office behind one NAT, coincoins reading the tribune): 1,200 a minute. A person does not send 20
     * messages in 10 s (dropping a batch of files is paced by the client's polite retry); a CI job posts
     * through a webhook at most once a second on average (Slack's own limit), and ten sign-ins a minute from
     * one address are more than a team behind one NAT makes, on top of the per-account lockout.
     */
    rate_limits: z
      .object({
        enabled: z.boolean().default(true),
        requests_per_minute: z.number().int().positive().default(6000),
        anonymous_requests_per_minute: z.number().int().positive().default(1200),
        sends_per_10_seconds: z.number().int().positive().default(20),
        logins_per_minute: z.number().int().positive().default(10),
        webhook_posts_per_minute: z.number().int().positive().default(60),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Absolute paths of everything the app writes. All come from here; tests point them at a temp folder. */
export interface Paths {
  dataDir: string;
  uploadDir: string;
  avatarDir: string;
  settingsFile: string;
  sharedDb: string;
  userDir: string;
  channelDir: string;
  secretFile: string;
}

let knownPaths: { key: string; paths: Paths } | null = null;

/** The folders and files, from the environment; worked out again only when the environment changes. */
export function paths(): Paths {
  const key = `${process.env.DATA_DIR}\0${process.env.UPLOAD_DIR}\0${process.env.SETTINGS_FILE}\0${process.cwd()}`;
  if (knownPaths?.key === key) return knownPaths.paths;
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || "data");
  const uploadDir = path.resolve(/* turbopackIgnore: true */ process.env.UPLOAD_DIR || "uploads");
  const resolved: Paths = {
    dataDir,
    uploadDir,
    avatarDir: path.join(uploadDir, "avatars"),
    settingsFile: path.resolve(/* turbopackIgnore: true */ process.env.SETTINGS_FILE || "settings.json"),
    sharedDb: path.join(dataDir, "shared.db"),
    userDir: path.join(dataDir, "users"),
    channelDir: path.join(dataDir, "channels"),
    secretFile: path.join(dataDir, "secret.key"),
  };
  knownPaths = { key, paths: resolved };
  return resolved;
}

/** Parses settings text; throws ConfigError naming the file and every problem. */
export function parseSettings(text: string, file = "settings.json"): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  - ${issue.path.length ? issue.path.join(".") : "(top level)"}: ${issue.message}`)
      .join("\n");
    throw new ConfigError(`${file} is invalid:\n${problems}`);
  }
  return result.data;
}

interface Loaded {
  file: string;
  mtimeMs: number;
  size: number;
  /** When the file was last looked at (performance.now()). */
  checkedAt: number;
  settings: Settings;
}

/**
 * How often settings() looks at the file for edits. The hot reads ask for the settings a few times per
 * request; a stat per call was ~4 % of a poll's server time. An edit takes effect within this.
 */
export const SETTINGS_RECHECK_MS = 1000;

const state = globalThis as unknown as { __minimostSettings?: Loaded };

/** Reads settings.json strictly: a missing file means defaults, a broken one throws. */
export function loadSettings(file = paths().settingsFile): Settings {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(/* turbopackIgnore: true */ file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
  const settings = stat ? parseSettings(fs.readFileSync(/* turbopackIgnore: true */ file, "utf8"), file) : settingsSchema.parse({});
  state.__minimostSettings = { file, mtimeMs: stat?.mtimeMs ?? 0, size: stat?.size ?? 0, checkedAt: performance.now(), settings };
  return settings;
}

/** The settings in force. Cheap: a stat at most every SETTINGS_RECHECK_MS, a re-parse only when the file changed. */
export function settings(): Settings {
  const file = paths().settingsFile;
  const cached = state.__minimostSettings;
  if (!cached || cached.file !== file) return loadSettings(file);
  const now = performance.now();
  if (now - cached.checkedAt < SETTINGS_RECHECK_MS) return cached.settings;
  cached.checkedAt = now;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(/* turbopackIgnore: true */ file);
  } catch {
    stat = undefined;
  }
  if ((stat?.mtimeMs ?? 0) === cached.mtimeMs && (stat?.size ?? 0) === cached.size) return cached.settings;
  try {
    return loadSettings(file);
  } catch (err) {
    console.error(`[config] keeping the previous settings: ${(err as Error).message}`);
    cached.mtimeMs = stat?.mtimeMs ?? 0;
    cached.size = stat?.size ?? 0;
    return cached.settings;
  }
}

/**
 * The settings last loaded, without looking at the environment or the file: for a path so hot that even
 * settings() shows (about 1.5 µs, most of it reading the environment for paths()); it calls settings()
 * itself now and then so that file edits are still noticed. A new object after every (re)load.
 */
export function loadedSettings(): Settings | undefined {
  return state.__minimostSettings?.settings;
}

/** Whole megabytes as the reference prints them in limit messages (`max 25 MB`). */
export function megabytesLabel(mb: number): string {
  return String(Math.trunc(mb));
}
