/**
 * The boards (app/boards/…): topic boards with threads and replies. A form post is answered with a 302 to
 * the page; a caller that sends JSON or `Accept: application/json` gets JSON (the examples do). The routes
 * read their fields through lib/http/boards.ts `readPostBody` (no zod schema): described here.
 */
import { z } from "zod";
import { emptyAnswer, jsonAnswer, jsonError, operation, pathParams, textField, type Operation } from "./common";
import { EXAMPLES as EX } from "./examples";

const TAG = "Boards";
const ADMIN = "Boards moderation";

const slug = z.string().meta({ description: "A board's slug (settings.json `boards`)." });
const id = z.string().regex(/^[0-9]{1,16}$/);

const thread = z
  .object({
    id: z.number().int(),
    board: z.string(),
    title: z.string(),
    author: z.string().nullable(),
    created: z.string(),
    bumped: z.string(),
    replies: z.number().int(),
    images: z.number().int(),
    sticky: z.boolean(),
    locked: z.boolean(),
  })
  .meta({ id: "BoardThread", description: 'Times are "YYYY-MM-DD HH:MM:SS" UTC.' });

const post = z
  .object({
    id: z.number().int(),
    thread_id: z.number().int(),
    content: z.string(),
    author: z.string().nullable(),
    created: z.string(),
    created_ts: z.number(),
    edited_ts: z.number().nullable(),
    deleted: z.boolean(),
    image_url: z.string().nullable(),
    thumbnail_url: z.string().nullable(),
  })
  .meta({ id: "BoardPost" });

/** What `/posts` polls: the same values as a post, in the page's keys. */
const polledPost = z.object({
  id: z.number().int(),
  content: z.string(),
  created: z.string(),
  author: z.string().nullable(),
  image_url: z.string().nullable(),
  thumbnail_url: z.string().nullable(),
  edited: z.string().nullable(),
  deleted: z.boolean(),
});

const ok = z.object({ ok: z.literal(true) });
const REFUSED = jsonError("Refused: a missing field, a rule, a cooldown (with `Retry-After`), or not yours.");
const NOT_FOUND = jsonError("No such board, thread or post.");
const FORBIDDEN = jsonError("Admins only (or not your post).");
const TO_PAGE = emptyAnswer("A form post: to the page (`Location`).", z.object({ Location: z.string() }));
const JSON_CALL = "Send JSON (or `Accept: application/json`) for a JSON answer; a form post is redirected.";

const threadPath = (threadId: string) => pathParams({ board: slug, id }, { board: EX.board, id: threadId });
const postPath = (postId: string) => pathParams({ board: slug, id, post: id }, { board: EX.board, id: EX.thread, post: postId });

const threadAction = (action: string, summary: string, threadId: string = EX.thread): Operation =>
  operation("post", `/boards/{board}/{id}/${action}`, "user", {
    operationId: `thread_${action}`,
    summary,
    description: `Admins. ${JSON_CALL}`,
    tags: [ADMIN],
    requestParams: { path: threadPath(threadId) },
    responses: {
      "200": jsonAnswer(action === "delete" ? "Deleted: `{ok: true}`." : "The thread after the change.", action === "delete" ? ok : thread),
      "302": TO_PAGE,
      "403": FORBIDDEN,
      "404": NOT_FOUND,
    },
  });

export const boardsOperations: Operation[] = [
  operation("get", "/boards/boards.json", "optional", {
    operationId: "boards",
    summary: "Every board with its counts",
    tags: [TAG],
    responses: {
      "200": jsonAnswer(
        "In settings order.",
        z.array(z.object({ slug: z.string(), title: z.string(), description: z.string(), threads: z.number().int(), posts: z.number().int(), last_post_at: z.string().nullable() })),
      ),
    },
  }),
  operation("get", "/boards/{board}/threads.json", "optional", {
    operationId: "threads",
    summary: "A board's threads",
    description: "Sticky threads first, then bump order, 20 a page; `q` searches titles and post text literally.",
    tags: [TAG],
    requestParams: {
      path: pathParams({ board: slug }, { board: EX.board }),
      query: z.object({ q: z.string().optional(), page: z.string().regex(/^[0-9]+$/).optional().meta({ example: "1" }) }),
    },
    responses: {
      "200": jsonAnswer("A page of threads.", z.object({ board: z.string(), threads: z.array(thread), page: z.number().int(), pages: z.number().int() })),
      "400": jsonError("A bad `page`."),
      "404": NOT_FOUND,
    },
  }),
  operation("get", "/boards/{board}/{id}/posts", "optional", {
    operationId: "threadPosts",
    summary: "A thread's posts (what the thread page polls)",
    tags: [TAG],
    requestParams: { path: threadPath(EX.thread), query: z.object({ after: z.string().regex(/^[0-9]+$/).optional().meta({ description: "Only posts after this id." }) }) },
    responses: { "200": jsonAnswer("Oldest first.", z.array(polledPost)), "400": jsonError("A bad `after`."), "404": NOT_FOUND },
  }),
  operation("get", "/boards/media/{name}", "optional", {
    operationId: "boardMedia",
    summary: "A board image or its thumbnail",
    tags: [TAG],
    requestParams: { path: pathParams({ name: z.string() }, { name: EX.mediaName }) },
    responses: { "200": { description: "The image (cached for good: names are never reused).", content: { "image/*": { schema: z.string().meta({ format: "binary" }) } } }, "404": NOT_FOUND },
  }),
  operation("head", "/boards/media/{name}", "optional", {
    operationId: "boardMediaHead",
    summary: "A board image's headers",
    tags: [TAG],
    requestParams: { path: pathParams({ name: z.string() }, { name: EX.mediaName }) },
    responses: { "200": emptyAnswer("As GET, without the body."), "404": NOT_FOUND },
  }),
  operation("post", "/boards/{board}/new", "user", {
    operationId: "newThread",
    summary: "Start a thread",
    description: `Form, multipart (with an optional \`image\`) or JSON. ${JSON_CALL}`,
    tags: [TAG],
    requestParams: { path: pathParams({ board: slug }, { board: EX.board }) },
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: z.object({ title: textField("1–100 characters."), content: textField("The opening post.") }), example: { title: "API notes", content: "Posted through the API." } },
        "multipart/form-data": { schema: z.object({ title: z.string(), content: z.string(), image: z.string().meta({ format: "binary" }).optional() }) },
      },
    },
    responses: { "201": jsonAnswer("The thread and its first post.", z.object({ thread, post })), "302": TO_PAGE, "400": REFUSED, "404": NOT_FOUND, "429": REFUSED },
  }),
  operation("post", "/boards/{board}/{id}/reply", "user", {
    operationId: "reply",
    summary: "Reply to a thread",
    description: `Form, multipart (with an optional \`image\`) or JSON. ${JSON_CALL}`,
    tags: [TAG],
    requestParams: { path: threadPath(EX.thread) },
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: z.object({ content: textField("The reply.") }), example: { content: "A reply through the API." } },
        "multipart/form-data": { schema: z.object({ content: z.string(), image: z.string().meta({ format: "binary" }).optional() }) },
      },
    },
    responses: { "201": jsonAnswer("The new post.", post), "302": TO_PAGE, "400": REFUSED, "403": REFUSED, "404": NOT_FOUND, "429": REFUSED },
  }),
  operation("post", "/boards/{board}/{id}/posts/{post}/edit", "user", {
    operationId: "editPost",
    summary: "Edit your post",
    description: JSON_CALL,
    tags: [TAG],
    requestParams: { path: postPath(EX.openingPost) },
    requestBody: { required: true, content: { "application/json": { schema: z.object({ content: textField("The new text.") }), example: { content: "Edited through the API." } } } },
    responses: { "200": jsonAnswer("The post.", post), "302": TO_PAGE, "400": REFUSED, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  operation("post", "/boards/{board}/{id}/posts/{post}/report", "user", {
    operationId: "reportPost",
    summary: "Report a post to the admins",
    description: JSON_CALL,
    tags: [TAG],
    requestParams: { path: postPath(EX.replyPost) },
    requestBody: { required: true, content: { "application/json": { schema: z.object({ reason: textField("Why.") }), example: { reason: "Off topic" } } } },
    responses: { "201": jsonAnswer("Reported.", ok), "302": TO_PAGE, "400": REFUSED, "404": NOT_FOUND, "429": REFUSED },
  }),
  operation("get", "/boards/reports.json", "user", {
    operationId: "reports",
    summary: "Open reports (admins)",
    tags: [ADMIN],
    requestParams: { query: z.object({ page: z.string().regex(/^[0-9]+$/).optional().meta({ example: "1" }) }) },
    responses: {
      "200": jsonAnswer(
        "Newest first, 100 a page.",
        z.array(z.object({ id: z.number().int(), post, board: z.string(), reason: z.string(), reporter: z.string(), created: z.string() })),
      ),
      "403": FORBIDDEN,
    },
  }),
  operation("post", "/boards/reports/{report}/dismiss", "user", {
    operationId: "dismissReport",
    summary: "Close a report (admins)",
    description: JSON_CALL,
    tags: [ADMIN],
    requestParams: { path: pathParams({ report: id }, { report: EX.report }) },
    responses: { "200": jsonAnswer("Dismissed.", ok), "302": TO_PAGE, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  threadAction("sticky", "Keep a thread at the top"),
  threadAction("unsticky", "Let a thread take its bump order again"),
  threadAction("lock", "Lock a thread"),
  threadAction("unlock", "Open a locked thread"),
  operation("post", "/boards/{board}/{id}/move", "user", {
    operationId: "moveThread",
    summary: "Move a thread to another board (admins)",
    description: JSON_CALL,
    tags: [ADMIN],
    requestParams: { path: threadPath(EX.movedThread) },
    requestBody: { required: true, content: { "application/json": { schema: z.object({ board: textField("The target board.") }), example: { board: EX.otherBoard } } } },
    responses: { "200": jsonAnswer("The thread on its new board.", thread), "302": TO_PAGE, "400": REFUSED, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  operation("post", "/boards/{board}/{id}/posts/{post}/delete", "user", {
    operationId: "deletePost",
    summary: "Delete a post (its author or an admin)",
    description: `Leaves a tombstone. ${JSON_CALL}`,
    tags: [TAG],
    requestParams: { path: postPath(EX.replyPost) },
    responses: { "200": jsonAnswer("Deleted.", ok), "302": TO_PAGE, "403": FORBIDDEN, "404": NOT_FOUND },
  }),
  threadAction("delete", "Delete a thread with its posts and images", EX.deletedThread),
];
