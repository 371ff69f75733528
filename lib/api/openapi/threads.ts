/**
 * Threads (issue 16): `GET /thread/{id}`, follow, unfollow, read, and `GET /threads` (app/(chat)/thread,
 * app/(chat)/threads). Our own routes: JSON answers, JSON refusals. The schemas below are the answers'
 * shapes (lib/chat/wire.ts ApiThread, ApiFollowedThreads).
 */
import { z } from "zod";
import { messageRow } from "./chat";
import { jsonAnswer, jsonError, operation, pathParams, type Operation } from "./common";
import { EXAMPLES as EX } from "./examples";

const TAG = "Chat";

const messageId = z.string().meta({ description: "The id of a thread's root or of any of its replies: a positive integer (anything else answers 400)." });
const idPath = pathParams({ id: messageId }, { id: EX.messageId });

const BAD_ID = jsonError('Not a message id: `{"error": "invalid message id"}`.');
const NOT_FOUND = jsonError('No such message in your view: `{"error": "not found"}`.');
const FORBIDDEN = jsonError('The thread\'s channel (a private channel or DM) is not yours, or a read-only token on a POST: `{"error": "forbidden"}`.');

export const threadSummary = z
  .object({
    reply_count: z.number().int().meta({ description: "Live replies (a send with attachments counts once; deleted ones do not)." }),
    last_reply_ts: z.number().nullable().meta({ description: "The newest reply's time (epoch seconds), null when none." }),
    participants: z.array(z.string()).meta({ description: "The latest repliers, most recent first (at most 5)." }),
  })
  .strict()
  .meta({ id: "ThreadSummary", description: "A thread's summary; root rows of `/messages` carry the same three fields." });

const thread = z
  .object({
    root_id: z.number().int(),
    channel: z.string(),
    root: messageRow,
    replies: z.array(messageRow).meta({ description: "Every reply, oldest first (replies to replies included; `reply_to_id` names each one's parent)." }),
    summary: threadSummary,
    following: z.boolean(),
    unread: z.number().int().meta({ description: "Replies of others since you last read the thread (`POST /thread/{id}/read`)." }),
  })
  .strict()
  .meta({ id: "Thread", description: "A thread: its root and replies as `/messages` shows rows." });

const followedThreads = z
  .object({
    threads: z.array(
      z
        .object({
          root_id: z.number().int(),
          channel: z.string(),
          root: messageRow,
          summary: threadSummary,
          unread: z.number().int(),
          last_activity: z.number().meta({ description: "The newest reply's time, else the root's." }),
        })
        .strict(),
    ),
    total_unread: z.number().int().meta({ description: "Unread replies over every listed thread (the Threads badge)." }),
    unread_threads: z.number().int().meta({ description: "How many listed threads have unread replies." }),
  })
  .strict()
  .meta({ id: "FollowedThreads", description: "Your followed threads, newest activity first." });

const followState = z.object({ root_id: z.number().int(), following: z.boolean() }).strict();

export const threadOperations: Operation[] = [
  operation("get", "/thread/{id}", "user", {
    operationId: "thread",
    summary: "A thread: its root and every reply",
    description:
      "Name the root or any reply. A reply to a reply belongs to its root's thread. A message nobody answered is a thread with no " +
      "replies. Access is the channel's. Reading does not mark the thread read: `POST /thread/{id}/read` does.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("The thread.", thread), "400": BAD_ID, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  operation("post", "/thread/{id}/follow", "user", {
    operationId: "followThread",
    summary: "Follow a thread",
    description:
      "The root's author, every replier and everyone mentioned in the thread follow it without asking. Following afresh starts with " +
      "nothing unread. Sends a `threads` change notice to you; followers get one on every reply.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("Following.", followState), "400": BAD_ID, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  operation("post", "/thread/{id}/read", "user", {
    operationId: "readThread",
    summary: "Mark a thread read",
    description: "Every reply so far is read by you: its unread count in `/threads` goes to 0.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: {
      "200": jsonAnswer("Read.", z.object({ root_id: z.number().int(), unread: z.literal(0) }).strict()),
      "400": BAD_ID,
      "403": FORBIDDEN,
      "404": NOT_FOUND,
    },
  }),
  operation("get", "/threads", "user", {
    operationId: "threads",
    summary: "Your followed threads",
    description: "Newest activity first, each with its root, summary and unread replies, and the totals for a badge. Threads of channels you left are not listed.",
    tags: [TAG],
    responses: { "200": jsonAnswer("Followed threads.", followedThreads) },
  }),
  operation("post", "/thread/{id}/unfollow", "user", {
    operationId: "unfollowThread",
    summary: "Stop following a thread",
    description: "Later replies by others do not follow you back in; a reply of yours or a mention of you does.",
    tags: [TAG],
    requestParams: { path: idPath },
    responses: { "200": jsonAnswer("Not following.", followState), "400": BAD_ID, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
];
