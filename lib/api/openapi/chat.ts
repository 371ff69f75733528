/**
 * The chat's routes (app/(chat)/…): the original MiniMost API at the site root, with the port's additions.
 * Request schemas are the routes' own (lib/chat/schemas.ts, lib/auth/schemas.ts, lib/http/params.ts);
 * routes that read form fields without a schema (send, edit, react, avatar) are described here.
 */
import { z } from "zod";
import { deleteAccountBody } from "@/lib/auth/schemas";
import { PAGE_LIMIT_MAX } from "@/lib/chat/messages";
import {
  addMemberBody,
  closeDmBody,
  createPrivateChannelBody,
  messagesQuery,
  overrideBody,
  presenceBody,
  renamePrivateChannelBody,
  searchQuery,
  settingsBody,
} from "@/lib/chat/schemas";
import { channelPreferenceBody } from "@/lib/chat/preferences";
// The path checks are the routes' own.
import { channelParam, idParam } from "@/lib/http/params";
import { OVERRIDE_STATES, PRESENCE_STATES } from "@/lib/presence";
import { REACTION_NAMES } from "@/lib/reactions";
import {
  BAD_REQUEST,
  emptyAnswer,
  FORBIDDEN_PLAIN,
  formBody,
  jsonAnswer,
  jsonBody,
  jsonError,
  NOT_FOUND,
  note,
  operation,
  pathParams,
  textAnswer,
  textField,
  type Operation,
} from "./common";
import { EXAMPLES as EX } from "./examples";

const TAG = "Chat";
const PRIVATE = "Private channels";
const ACCOUNT = "Account";
const PRESENCE = "Presence";
const FILES = "Files and previews";

// The routes' checks, as JSON Schema (zod cannot render a custom test or a transform's input).
note(closeDmBody.shape.channel, { type: "string", description: "A DM id, `dm:<user>:<user>`." });
note(settingsBody.shape.name_color, { type: ["string", "null"], description: "`#rrggbb`; null clears it.", examples: ["#3366cc"] });
note(settingsBody.shape.bio, { type: ["string", "null"], description: "Free text; null clears it." });
note(settingsBody.shape.theme, {
  type: ["string", "null"],
  enum: ["light", "dark", "system", null],
  description: "The page's theme; `system` (or null) follows the browser's light/dark setting.",
  examples: ["dark"],
});
note(settingsBody.shape.language, {
  type: ["string", "null"],
  enum: ["en", "fr", null],
  description: "The interface language; null follows the browser's (Accept-Language).",
  examples: ["fr"],
});
note(createPrivateChannelBody.shape.name, { type: "string", description: "The channel's name." });
note(createPrivateChannelBody.shape.members, { type: "array", items: { type: "string" }, description: "Usernames to add (the caller is always a member)." });
note(renamePrivateChannelBody.shape.name, { type: "string" });
note(addMemberBody.shape.username, { type: "string" });
note(presenceBody.shape.state, { type: "string", enum: [...PRESENCE_STATES] });
note(overrideBody.shape.override, { type: ["string", "null"], enum: [...OVERRIDE_STATES, "auto", "", null], description: 'null, "" and "auto" go back to automatic.' });
note(deleteAccountBody.shape.type, { type: "string", enum: ["soft", "hard"], description: "soft keeps your messages under your name; hard removes them." });
note(deleteAccountBody.shape.password, { type: "string", description: "Your current password." });
note(channelPreferenceBody.shape.muted, { type: "boolean" });
note(channelPreferenceBody.shape.notify, { type: "string", enum: ["all", "mentions", "none"] });
note(idParam.shape.id, { type: "string", pattern: "^[0-9]{1,15}$" });
note(messagesQuery.shape.after, { type: "string", description: "Seconds: rows created or changed since then (an unreadable value is 0)." });
note(messagesQuery.shape.limit, { type: "string", pattern: "^[0-9]+$", description: `Keep the newest N rows (1–${PAGE_LIMIT_MAX}).` });
note(messagesQuery.shape.before, { type: "string", description: "Seconds: with `limit`, pages back from there." });
for (const [name, description] of Object.entries({
  q:
    'What to find, as Mattermost\'s search box takes it. Words must all match (substrings, any case); `"an exact phrase"`; ' +
    '`-word` and `-"a phrase"` must not match; `from:alice` / `from:@alice`; `in:general`, `in:@bob` (your DM), `in:"Launch Team"` ' +
    "(your private channel by name) or a channel id; `before:`, `after:`, `on:` with a YYYY-MM-DD day in `tz` (`before:` and `after:` " +
    "leave their day out). Several `from:` or `in:` mean any of them; everything else narrows. Quote text with a colon (`\"re:draft\"`). " +
    "At most 1,000 characters and 32 parts.",
  from: "Only messages of this sender (one more `from:`).",
  channel: "Only this channel (one more `in:`).",
  start: "Seconds: not before.",
  end: "Seconds: before this.",
  tz: "The zone `q`'s days are in: an IANA name (`Europe/Paris`) or an offset (`+02:00`). Default UTC.",
})) {
  note(searchQuery.shape[name as keyof typeof searchQuery.shape], { type: "string", description });
}
note(searchQuery.shape.context, { type: "string", enum: ["0", "1", "false", "true"], description: "`1`: each hit also carries `context`, its neighbours in the channel." });

/** A neighbour of a search hit (`context=1`). */
const searchContextLine = z.object({ id: z.number().int(), sender: z.string(), content: z.string(), ts: z.number() }).nullable();

/** A message row as `/messages` answers it (lib/chat/wire.ts ApiMessage). */
export const messageRow = z
  .object({
    id: z.number().int(),
    channel: z.string(),
    sender: z.string().meta({ description: '"" for an anonymous tribune post.' }),
    content: z.string(),
    content_type: z.string().meta({ description: "`text` or `system`." }),
    ts: z.number(),
    updated_ts: z.number(),
    edited: z.number().int(),
    edited_ts: z.number().nullable(),
    deleted: z.number().int(),
    deleted_ts: z.number().nullable(),
    filename: z.string().nullable(),
    mentions: z.string().nullable().meta({ description: "A JSON list, as a string." }),
    reactions: z.string().nullable().meta({ description: "A JSON map emoji → users, as a string." }),
    reactions_ts: z.number().nullable(),
    reply_to_id: z.number().int().nullable(),
    agent: z.string().nullable(),
    // Threads (issue 16): always on /messages and /thread rows; other row-shaped payloads may leave them out.
    root_id: z.number().int().nullable().optional().meta({ description: "A reply's thread root (the top of its reply chain); null otherwise." }),
    thread_only: z.number().int().optional().meta({ description: "1: a reply sent to its thread only (thread-aware clients show it there)." }),
    reply_count: z.number().int().optional().meta({ description: "On a thread's root: live replies; 0 elsewhere." }),
    last_reply_ts: z.number().nullable().optional().meta({ description: "On a thread's root: the newest reply's time." }),
    participants: z.array(z.string()).optional().meta({ description: "On a thread's root: the latest repliers, most recent first." }),
  })
  .strict()
  .meta({ id: "Message", description: "A message as `/messages` shows it; times are epoch seconds." });

const channelPath = pathParams({ channel: channelParam.shape.channel }, { channel: EX.channel });
const messageIdPath = (id: string) => pathParams({ id: idParam.shape.id }, { id });
const countMap = z.record(z.string(), z.number().int());
const stringList = z.array(z.string());
const OK = textAnswer("Done.", "ok");

/** `Accept: application/json` turns the original's `ok` into the changed row (issue 15). */
const rowAnswer = jsonAnswer("With `Accept: application/json`: the changed row.", z.object({ message: messageRow }));

const sendFields = z.object({
  text: textField("The message (Markdown-ish; a leading `/word` is a slash command; `//text` sends `/text`)."),
  reply_to_id: textField("The id of the message this answers.").optional(),
  thread_only: textField("`1` with `reply_to_id`: the reply stays in its thread (still a row of the channel for older clients, flagged `thread_only`); `0` or left out: also sent to the channel.").optional(),
});

const sendOps: Operation[] = [
  operation("post", "/send/{channel}", "user", {
    operationId: "send",
    summary: "Send a message (text, reply, files) or a slash command",
    description:
      "Form or multipart (`files`, any number, each under settings.json `max_upload_size_mb`). Answers the original's `ok` with the new id in " +
      "`X-Message-Id`; with `Accept: application/json` answers 201 with the created rows. Commands: `/me`, `/shrug`, `/away`, `/online`, " +
      "`/dnd`, `/offline`, `/mute`, `/unmute`, `/help`, tribune `/bak` and `/name`; a command that posts nothing answers " +
      '`{"ephemeral": "…"}`; an unknown one 400.',
    tags: [TAG],
    requestParams: { path: channelPath },
    requestBody: {
      required: true,
      content: {
        "application/x-www-form-urlencoded": { schema: sendFields, example: { text: "Hello from the API" } },
        "multipart/form-data": {
          schema: sendFields.extend({ files: z.array(z.string().meta({ format: "binary" })).optional() }),
        },
      },
    },
    responses: {
      "200": {
        description: "Sent (`ok`, the id in `X-Message-Id`), or a command's private answer.",
        headers: z.object({ "X-Message-Id": z.string().optional().meta({ description: "The new message's id." }) }),
        content: { "text/plain": { schema: z.literal("ok") }, "application/json": { schema: z.object({ ephemeral: z.string() }) } },
      },
      "201": jsonAnswer(
        "With `Accept: application/json`: the created message(s).",
        z.object({ id: z.number().int(), ts: z.number(), messages: z.array(messageRow) }),
      ),
      "400": BAD_REQUEST,
      "403": FORBIDDEN_PLAIN,
      "404": NOT_FOUND,
      "413": textAnswer("A file over the limit: `file too large (max N MB)`."),
    },
  }),
  operation("post", "/edit/{id}", "user", {
    operationId: "editMessage",
    summary: "Edit one of your messages",
    tags: [TAG],
    requestParams: { path: messageIdPath(EX.messageId) },
    requestBody: formBody(z.object({ text: textField("The new text.") }), { text: "Hello again (edited)" }, "Form or JSON `{text}`.", true),
    responses: { "200": { ...OK, content: { ...OK.content, ...rowAnswer.content } }, "400": BAD_REQUEST, "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("post", "/react/{id}", "user", {
    operationId: "react",
    summary: "Toggle your reaction on a message",
    description: "Answers the message's reaction map after the toggle (emoji → users); with `Accept: application/json`, `{message: row}`.",
    tags: [TAG],
    requestParams: { path: messageIdPath(EX.messageId) },
    requestBody: formBody(
      z.object({ reaction: z.enum([...REACTION_NAMES] as [string, ...string[]]).meta({ description: "A reaction name (`thumbsup`, `heart`, …)." }) }),
      { reaction: "thumbsup" },
      "Form or JSON `{reaction}`.",
      true,
    ),
    responses: {
      "200": {
        description: "The reaction map (or the row, with `Accept: application/json`).",
        content: { "application/json": { schema: z.union([z.record(z.string(), stringList), z.object({ message: messageRow })]) } },
      },
      "400": BAD_REQUEST,
      "403": FORBIDDEN_PLAIN,
      "404": NOT_FOUND,
    },
  }),
  operation("post", "/delete/{id}", "user", {
    operationId: "deleteMessage",
    summary: "Delete one of your messages",
    description: "The message and its attachments become tombstones (`deleted: 1`, empty content).",
    tags: [TAG],
    requestParams: { path: messageIdPath(EX.deletedMessageId) },
    responses: { "200": { ...OK, content: { ...OK.content, ...rowAnswer.content } }, "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
];

const readOps: Operation[] = [
  operation("get", "/channels", "user", {
    operationId: "channels",
    summary: "The public channels in your sidebar",
    tags: [TAG],
    responses: { "200": jsonAnswer("The ids of the public channels you are in, archived ones left out (all of them: `GET /channels/browse`).", stringList) },
  }),
  operation("get", "/messages/{channel}", "user", {
    operationId: "messages",
    summary: "Messages of a channel",
    description: "Rows created or changed since `after`; `limit=N` keeps the newest N; `before` with `limit` pages back. Deleted rows come back redacted.",
    tags: [TAG],
    requestParams: {
      path: channelPath,
      query: z.object({
        after: messagesQuery.shape.after.optional().meta({ example: "0" }),
        limit: messagesQuery.shape.limit.optional().meta({ example: "50" }),
        before: messagesQuery.shape.before.optional(),
      }),
    },
    responses: { "200": jsonAnswer("Rows, oldest first.", z.array(messageRow)), "400": jsonError("A bad `limit` or `before`."), "403": FORBIDDEN_PLAIN },
  }),
  operation("get", "/message/{id}", "user", {
    operationId: "message",
    summary: "One message",
    tags: [TAG],
    requestParams: { path: messageIdPath(EX.messageId) },
    responses: {
      "200": jsonAnswer(
        "The message.",
        z
          .object({
            id: z.number().int(),
            sender: z.string(),
            content: z.string(),
            filename: z.string().nullable(),
            deleted: z.number().int(),
            channel: z.string().meta({ description: "The channel it is in (for permalinks)." }),
            ts: z.number().meta({ description: "When it was sent: page back to it with `/messages/<channel>?before=`." }),
          })
          .strict(),
      ),
      "404": NOT_FOUND,
    },
  }),
  operation("get", "/read_receipts/{channel}", "user", {
    operationId: "readReceipts",
    summary: "Who read what",
    description: "Keyed by the message's `ts` rendered as the original renders it (Python's `str(float)`).",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("`{ts: [reader, …]}`.", z.record(z.string(), stringList)), "403": FORBIDDEN_PLAIN },
  }),
  operation("get", "/search_messages", "user", {
    operationId: "searchMessages",
    summary: "Search messages you can see",
    tags: [TAG],
    requestParams: {
      query: z.object({
        q: searchQuery.shape.q.optional().meta({ example: 'release -draft from:alice in:general after:2026-11-30 "launch plan"' }),
        from: searchQuery.shape.from.optional(),
        channel: searchQuery.shape.channel.optional(),
        start: searchQuery.shape.start.optional(),
        end: searchQuery.shape.end.optional(),
        tz: searchQuery.shape.tz.optional().meta({ example: "Europe/Paris" }),
        context: searchQuery.shape.context.optional(),
      }),
    },
    responses: {
      "200": jsonAnswer(
        "Newest first, at most 50; `[]` when nothing is asked.",
        z.array(
          z.object({
            id: z.number().int(),
            channel: z.string(),
            sender: z.string(),
            content: z.string(),
            ts: z.number(),
            context: z
              .object({ before: searchContextLine, after: searchContextLine })
              .optional()
              .meta({ description: "With `context=1`: the messages just before and after the hit in its channel (null at either end)." }),
          }),
        ),
      ),
      "400": jsonError("An unknown operator, an operator without a value, a bad date or `tz`, a query too long: the error says which."),
      "403": FORBIDDEN_PLAIN,
    },
  }),
  operation("get", "/channel_unreads", "user", {
    operationId: "channelUnreads",
    summary: "Unread counts of the public channels",
    tags: [TAG],
    responses: { "200": jsonAnswer("`{channel: N}`.", countMap) },
  }),
  operation("get", "/channel_mentions", "user", {
    operationId: "channelMentions",
    summary: "Unread mentions of you per channel",
    tags: [TAG],
    responses: { "200": jsonAnswer("`{channel: N}`.", countMap) },
  }),
  operation("get", "/unread_count", "user", {
    operationId: "unreadCount",
    summary: "Unread direct messages",
    tags: [TAG],
    responses: { "200": jsonAnswer("`{count: N}`.", z.object({ count: z.number().int() })) },
  }),
  operation("get", "/channel_members/{channel}", "user", {
    operationId: "channelMembers",
    summary: "Everyone who has the channel, but you",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("Usernames.", stringList), "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("get", "/dms", "user", {
    operationId: "dms",
    summary: "Your direct conversations",
    tags: [TAG],
    responses: {
      "200": jsonAnswer("Newest first; hidden ones left out.", z.array(z.object({ channel: z.string(), users: stringList, unread: z.number().int() }))),
    },
  }),
  operation("get", "/users", "user", {
    operationId: "users",
    summary: "Every other username",
    tags: [TAG],
    responses: { "200": jsonAnswer("In registration order.", stringList) },
  }),
  operation("get", "/typing/{channel}", "user", {
    operationId: "typing",
    summary: "Who else is typing",
    tags: [PRESENCE],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("Users who typed there in the last five seconds.", stringList), "403": FORBIDDEN_PLAIN },
  }),
  operation("get", "/online_users", "user", {
    operationId: "onlineUsers",
    summary: "Presence of everyone seen in the last hour",
    tags: [PRESENCE],
    responses: { "200": jsonAnswer("`{user: state}`.", z.record(z.string(), z.string())) },
  }),
  operation("get", "/presence/override", "user", {
    operationId: "presenceOverride",
    summary: "Your presence override",
    tags: [PRESENCE],
    responses: { "200": jsonAnswer("null when automatic.", z.object({ override: z.enum(OVERRIDE_STATES).nullable() })) },
  }),
  operation("get", "/private_channels", "user", {
    operationId: "privateChannels",
    summary: "Your private channels",
    tags: [PRIVATE],
    responses: {
      "200": jsonAnswer(
        "With unread counts and members.",
        z.array(z.object({ id: z.number().int(), channel: z.string(), name: z.string(), unread: z.number().int(), members: stringList })),
      ),
    },
  }),
  operation("get", "/private_channels/{id}/members", "user", {
    operationId: "privateChannelMembers",
    summary: "Members of a private channel",
    tags: [PRIVATE],
    requestParams: { path: pathParams({ id: idParam.shape.id }, { id: EX.privateId }) },
    responses: { "200": jsonAnswer("Members.", z.array(z.object({ username: z.string() }))), "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("get", "/settings", "user", {
    operationId: "settings",
    summary: "Your profile settings",
    tags: [ACCOUNT],
    responses: {
      "200": jsonAnswer(
        "Name colour, bio, theme and language (null: the browser's).",
        z.object({
          name_color: z.string().nullable(),
          bio: z.string().nullable(),
          theme: z.enum(["light", "dark", "system"]),
          language: z.enum(["en", "fr"]).nullable(),
        }),
      ),
    },
  }),
  operation("get", "/profile/{username}", "user", {
    operationId: "profile",
    summary: "Someone's name colour and bio",
    tags: [ACCOUNT],
    requestParams: { path: pathParams({ username: z.string().max(256) }, { username: EX.other }) },
    responses: {
      "200": jsonAnswer("Nulls for an unknown name.", z.object({ username: z.string(), name_color: z.string().nullable(), bio: z.string().nullable() })),
    },
  }),
  operation("get", "/user_colors", "user", {
    operationId: "userColors",
    summary: "Everyone's chosen name colour",
    tags: [ACCOUNT],
    responses: { "200": jsonAnswer("`{user: \"#rrggbb\"}`.", z.record(z.string(), z.string())) },
  }),
  operation("get", "/user_avatars", "user", {
    operationId: "userAvatars",
    summary: "Users who have an avatar",
    tags: [ACCOUNT],
    responses: { "200": jsonAnswer("Usernames.", stringList) },
  }),
  operation("get", "/avatar/{username}", "user", {
    operationId: "avatar",
    summary: "Someone's avatar",
    tags: [ACCOUNT],
    requestParams: { path: pathParams({ username: z.string().max(64) }, { username: EX.user }) },
    responses: {
      "200": { description: "A 128×128 JPEG, revalidated by ETag.", content: { "image/jpeg": { schema: z.string().meta({ format: "binary" }) } } },
      "304": emptyAnswer("Not modified (If-None-Match)."),
      "404": emptyAnswer("No avatar: an empty body."),
    },
  }),
  operation("get", "/files/{name}", "user", {
    operationId: "file",
    summary: "An uploaded file",
    description: "Images inline; anything else as a download under its original name. Only to users who can see a message that references it.",
    tags: [FILES],
    requestParams: { path: pathParams({ name: z.string().max(300) }, { name: EX.fileName }) },
    responses: {
      "200": { description: "The file.", content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) }, "image/*": { schema: z.string().meta({ format: "binary" }) } } },
      "206": { description: "A byte range (Range)." },
      "304": emptyAnswer("Not modified."),
      "403": FORBIDDEN_PLAIN,
      "404": NOT_FOUND,
    },
  }),
  operation("head", "/files/{name}", "user", {
    operationId: "fileHead",
    summary: "An uploaded file's headers",
    tags: [FILES],
    requestParams: { path: pathParams({ name: z.string().max(300) }, { name: EX.fileName }) },
    responses: { "200": emptyAnswer("As GET, without the body."), "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("get", "/file_preview/{name}", "user", {
    operationId: "filePreview",
    summary: "The code-preview card of an uploaded text file",
    tags: [FILES],
    requestParams: { path: pathParams({ name: z.string().max(300) }, { name: EX.fileName }) },
    responses: { "200": jsonAnswer("A code card, or `{}` for other files.", z.union([codeCard(), z.object({}).strict()])), "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("get", "/link_preview", "user", {
    operationId: "linkPreview",
    summary: "An Open Graph or code card for a link",
    description: "Fetches public addresses only; `{}` when there is nothing to show.",
    tags: [FILES],
    requestParams: { query: z.object({ url: z.string().optional().meta({ example: "http://localhost/nothing-here" }) }) },
    responses: {
      "200": jsonAnswer(
        "A card or `{}`.",
        z.union([
          codeCard(),
          z.object({ type: z.literal("og"), title: z.string(), description: z.string(), image: z.string(), domain: z.string(), url: z.string() }),
          z.object({}).strict(),
        ]),
      ),
    },
  }),
];

function codeCard() {
  return z.object({
    type: z.literal("code"),
    filename: z.string(),
    filepath: z.string(),
    language: z.string(),
    first_line_num: z.number().int(),
    highlight_start: z.number().int().nullable(),
    highlight_end: z.number().int().nullable(),
    code: z.string(),
    total_lines: z.number().int(),
    url: z.string(),
  });
}

const writeOps: Operation[] = [
  operation("post", "/mark_read/{channel}", "user", {
    operationId: "markRead",
    summary: "Mark a channel read",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "204": emptyAnswer("Read; receipts recorded."), "403": FORBIDDEN_PLAIN },
  }),
  operation("post", "/typing/{channel}", "user", {
    operationId: "setTyping",
    summary: "Say you are typing",
    tags: [PRESENCE],
    requestParams: { path: channelPath },
    responses: { "204": emptyAnswer("Noted for five seconds."), "403": FORBIDDEN_PLAIN },
  }),
  operation("get", "/channel_preferences", "user", {
    operationId: "channelPreferences",
    summary: "Your channels' notification levels",
    tags: [TAG],
    responses: {
      "200": jsonAnswer(
        "`{channel: {muted, notify}}` for every channel whose level is not `all`; `{}` when none. `notify`: `mentions` or `none` (muted).",
        z.record(z.string(), z.object({ muted: z.boolean(), notify: z.enum(["all", "mentions", "none"]) })),
      ),
    },
  }),
  operation("post", "/channel_preferences/{channel}", "user", {
    operationId: "setChannelPreference",
    summary: "Mute a channel or set its notifications (all, mentions, none)",
    tags: [TAG],
    requestParams: { path: pathParams({ channel: channelParam.shape.channel }, { channel: "off-topic" }) },
    requestBody: jsonBody(channelPreferenceBody, { muted: true }),
    responses: {
      "200": jsonAnswer("The preference now (`muted` is `notify` none).", z.object({ muted: z.boolean(), notify: z.enum(["all", "mentions", "none"]) })),
      "400": jsonError("Neither `muted` (a boolean) nor `notify` (all, mentions or none), or the two disagree."),
      "403": FORBIDDEN_PLAIN,
    },
  }),
  operation("post", "/presence", "user", {
    operationId: "setPresence",
    summary: "Report your presence",
    tags: [PRESENCE],
    requestBody: jsonBody(presenceBody, { state: "active" }),
    responses: { "204": emptyAnswer("Recorded."), "400": jsonError("An unknown state.") },
  }),
  operation("post", "/presence/override", "user", {
    operationId: "setPresenceOverride",
    summary: "Override your presence",
    tags: [PRESENCE],
    requestBody: jsonBody(overrideBody, { override: "idle" }),
    responses: { "204": emptyAnswer("Set."), "400": jsonError("An unknown override.") },
  }),
  operation("post", "/dms/close", "user", {
    operationId: "closeDm",
    summary: "Hide a direct conversation until a newer message",
    tags: [TAG],
    requestBody: jsonBody(closeDmBody, { channel: EX.dm }),
    responses: { "200": OK, "400": BAD_REQUEST, "404": NOT_FOUND },
  }),
  operation("post", "/settings", "user", {
    operationId: "updateSettings",
    summary: "Change your name colour, bio, theme or language",
    description: "Only the keys named change; null clears a key.",
    tags: [ACCOUNT],
    requestBody: jsonBody(settingsBody, { name_color: "#3366cc", bio: "Writes the API docs." }),
    responses: { "200": OK, "400": BAD_REQUEST },
  }),
  operation("post", "/avatar", "user", {
    operationId: "setAvatar",
    summary: "Upload your avatar",
    description: "Multipart field `avatar`: an image, re-encoded to a 128×128 JPEG.",
    tags: [ACCOUNT],
    requestBody: {
      required: true,
      content: { "multipart/form-data": { schema: z.object({ avatar: z.string().meta({ format: "binary" }) }) } },
    },
    responses: { "200": OK, "400": textAnswer("No file, or not an image."), "413": textAnswer("Over `max_avatar_size_mb`.") },
  }),
  operation("delete", "/avatar", "user", {
    operationId: "deleteAvatar",
    summary: "Back to initials",
    tags: [ACCOUNT],
    responses: { "200": OK },
  }),
  operation("post", "/private_channels/create", "user", {
    operationId: "createPrivateChannel",
    summary: "Create a private channel",
    tags: [PRIVATE],
    requestBody: jsonBody(createPrivateChannelBody, { name: "release-planning", members: [EX.other] }),
    responses: {
      "200": jsonAnswer("The new channel.", z.object({ id: z.number().int(), channel: z.string(), name: z.string() })),
      "400": BAD_REQUEST,
      "404": NOT_FOUND,
    },
  }),
  operation("post", "/private_channels/{id}/rename", "user", {
    operationId: "renamePrivateChannel",
    summary: "Rename a private channel",
    tags: [PRIVATE],
    requestParams: { path: pathParams({ id: idParam.shape.id }, { id: EX.privateId }) },
    requestBody: jsonBody(renamePrivateChannelBody, { name: "secret-plans" }),
    responses: { "200": OK, "400": BAD_REQUEST, "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("post", "/private_channels/{id}/add_member", "user", {
    operationId: "addPrivateChannelMember",
    summary: "Add someone to a private channel",
    tags: [PRIVATE],
    requestParams: { path: pathParams({ id: idParam.shape.id }, { id: EX.privateId }) },
    requestBody: jsonBody(addMemberBody, { username: EX.third }),
    responses: { "200": OK, "400": BAD_REQUEST, "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
  operation("post", "/private_channels/{id}/leave", "user", {
    operationId: "leavePrivateChannel",
    summary: "Leave a private channel",
    tags: [PRIVATE],
    requestParams: { path: pathParams({ id: idParam.shape.id }, { id: EX.leftPrivateId }) },
    responses: { "200": OK, "403": FORBIDDEN_PLAIN, "404": NOT_FOUND },
  }),
];

const EVENT_KINDS = ["messages", "receipts", "reactions", "private_channels", "dms", "accounts", "pins", "saved", "threads"] as const;

/** `GET /events`: the change notices a client (or an integration) listens to. */
const eventOps: Operation[] = [
  operation("get", "/events", "user", {
    operationId: "events",
    summary: "Change notices (Server-Sent Events)",
    description:
      "A `text/event-stream` that starts with `retry: 2000` and `: connected`, sends a `: ping` comment every 25 s, and one " +
      "`event: change` per change you can see, with `data: {\"kind\": …, \"channel\": …}`. Kinds: `messages` (new, edited or deleted " +
      "messages in `channel`), `receipts` (read receipts), `reactions`, `private_channels` (created, renamed, members), `dms` (a DM " +
      "list change), `accounts` (users or sessions changed: refetch everything), `pins` (the channel's pinned messages), `saved` (your saved messages), `threads` (a thread you follow got a reply, or your follows or read marks changed: refetch `/threads`). Fetch the named resource again on a notice. The " +
      "stream ends when the account's sessions end.",
    tags: [TAG],
    responses: {
      "200": {
        description: "The stream; each `data:` line of a `change` event is this JSON.",
        content: {
          "text/event-stream": {
            schema: z.string().meta({ description: "SSE frames." }),
            "x-data-schema": z.toJSONSchema(z.object({ kind: z.enum(EVENT_KINDS), channel: z.string().optional() })),
            example: 'retry: 2000\n: connected\n\nevent: change\ndata: {"kind":"messages","channel":"general"}\n\n',
          },
        },
      },
    },
  }),
];

/** Operations that end the walk's session or account: the document lists them last. */
export const chatFinalOperations: Operation[] = [
  operation("post", "/delete_account", "user", {
    operationId: "deleteAccount",
    summary: "Delete your account",
    description: "Ends every session and clears the session cookie.",
    tags: [ACCOUNT],
    requestBody: jsonBody(deleteAccountBody, { type: "soft", password: EX.newPassword }),
    responses: {
      "200": jsonAnswer("Deleted and signed out.", z.object({ status: z.literal("ok") })),
      "400": jsonError("An unknown type."),
      "403": jsonError('A wrong password (`{"error": "Incorrect password."}`), a read-only token or a cross-site request.'),
    },
  }),
];

export const chatOperations: Operation[] = [...readOps, ...eventOps, ...sendOps, ...writeOps];
