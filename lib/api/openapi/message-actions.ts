/**
 * Message actions (issue 16): pins, saves, mark as unread and edit history (app/(chat)/pin, unpin, pins,
 * save, unsave, saved, mark_unread, message/[id]/history). Our own routes: JSON answers, JSON refusals.
 */
import { z } from "zod";
import { channelParam } from "@/lib/http/params";
import { messageRow } from "./chat";
import { jsonAnswer, jsonError, operation, pathParams, type Operation } from "./common";
import { EXAMPLES as EX } from "./examples";

const TAG = "Chat";

const messageId = z.string().meta({ description: "A message id: a positive integer (anything else answers 400)." });
const idPath = pathParams({ id: messageId }, { id: EX.messageId });
const channelPath = pathParams({ channel: channelParam.shape.channel }, { channel: EX.channel });

const BAD_ID = jsonError('Not a message id: `{"error": "invalid message id"}`.');
const NOT_FOUND = jsonError('No such message in your view (ids of messages you were never given included): `{"error": "message not found"}`.');
const FORBIDDEN = jsonError('The message\'s channel is not yours (any more), or a read-only token: `{"error": "forbidden"}`.');
const CHANNEL_FORBIDDEN = jsonError('Not a channel of yours: `{"error": "forbidden"}`.');

const pinState = z
  .object({ id: z.number().int(), channel: z.string(), pinned: z.boolean(), pinned_by: z.string().nullable(), pinned_at: z.number().nullable() })
  .strict()
  .meta({ id: "PinState", description: "Whether the message is pinned now, by whom and when (epoch seconds)." });
const saveState = z
  .object({ id: z.number().int(), saved: z.boolean(), saved_at: z.number().nullable() })
  .strict()
  .meta({ id: "SaveState", description: "Whether the message is in your Saved list now, and since when." });
const pinnedRow = messageRow
  .extend({ pinned_by: z.string().meta({ description: "Who pinned it (`Deleted User` once that account is gone)." }), pinned_at: z.number() })
  .meta({ id: "PinnedMessage", description: "A message as `/messages` shows it, with who pinned it and when." });
const savedRow = messageRow.extend({ saved_at: z.number() }).meta({ id: "SavedMessage", description: "A message as `/messages` shows it, with when you saved it." });

export const messageActionOperations: Operation[] = [
  operation("post", "/pin/{id}", "user", {
    operationId: "pinMessage",
    summary: "Pin a message to its channel",
    description: "Anyone who may post in the channel. Pinning a pinned message keeps the first pin (200 again). Sends a `pins` change notice.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("Pinned.", pinState), "400": BAD_ID, "403": FORBIDDEN, "404": jsonError("No such message, or a deleted one.") },
  }),
  operation("get", "/pins/{channel}", "user", {
    operationId: "pins",
    summary: "A channel's pinned messages",
    description: "Newest pin first; deleted messages leave the list.",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("Pinned messages.", z.array(pinnedRow)), "403": CHANNEL_FORBIDDEN },
  }),
  operation("post", "/save/{id}", "user", {
    operationId: "saveMessage",
    summary: "Save a message for later",
    description: "Your Saved list only; saving twice keeps the first save. Sends a `saved` change notice to you.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("Saved.", saveState), "400": BAD_ID, "403": FORBIDDEN, "404": jsonError("No such message, or a deleted one.") },
  }),
  operation("get", "/saved", "user", {
    operationId: "saved",
    summary: "Your saved messages",
    description: "Newest save first; messages you can no longer see (deleted, or in a channel you left) are not listed.",
    tags: [TAG],
    responses: { "200": jsonAnswer("Saved messages.", z.array(savedRow)) },
  }),
  operation("get", "/message/{id}/history", "user", {
    operationId: "messageHistory",
    summary: "Every version of a message's text",
    description:
      "The original first, the current text last, each with the time it was written (the send, then each edit). Anyone who can see " +
      "the message may read it. A deleted message's history is gone with its text: 404.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: {
      "200": jsonAnswer(
        "The versions.",
        z.object({ id: z.number().int(), channel: z.string(), sender: z.string(), versions: z.array(z.object({ content: z.string(), ts: z.number() }).strict()) }).strict(),
      ),
      "400": BAD_ID,
      "403": FORBIDDEN,
      "404": NOT_FOUND,
    },
  }),
  operation("post", "/mark_unread/{id}", "user", {
    operationId: "markUnread",
    summary: "Mark as unread from a message on",
    description:
      "In your own view only, this message and every later one of others in its channel become unread: `/channel_unreads`, " +
      "`/channel_mentions`, `/unread_count` and `/dms` count them again until `/mark_read/<channel>`. Answers your unread count there now.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: {
      "200": jsonAnswer("Unread again.", z.object({ id: z.number().int(), channel: z.string(), unread: z.number().int() }).strict()),
      "400": BAD_ID,
      "403": FORBIDDEN,
      "404": NOT_FOUND,
    },
  }),
  operation("post", "/unpin/{id}", "user", {
    operationId: "unpinMessage",
    summary: "Unpin a message",
    description: "Anyone who may post in the channel; unpinning what is not pinned is fine.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("Not pinned.", pinState), "400": BAD_ID, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  operation("post", "/unsave/{id}", "user", {
    operationId: "unsaveMessage",
    summary: "Take a message off your Saved list",
    description: "A saved message you can no longer see may still be unsaved; unsaving twice is fine.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("Not saved.", saveState), "400": BAD_ID, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
];
