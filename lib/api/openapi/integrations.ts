/**
 * Issue 15's integration routes: personal access tokens, bots, incoming and outgoing webhooks, and the
 * Slack-compatible `POST /hooks/<secret>`. The bodies and answers are the routes' own zod schemas
 * (lib/auth/tokens.ts, lib/bots.ts, lib/integrations/schemas.ts and slack.ts).
 */
import { z } from "zod";
import { BAD_REQUEST, emptyAnswer, jsonAnswer, jsonBody, jsonError, operation, pathParams, textAnswer, type Operation } from "./common";
import { createdTokenSchema, newTokenBody, tokenIdParam, tokenInfoSchema } from "@/lib/auth/tokens";
import { botInfoSchema, botParam, botPatchBody, newBotBody } from "@/lib/bots";
import {
  createdIncomingWebhook,
  createdOutgoingWebhook,
  createIncomingBody,
  createOutgoingBody,
  incomingWebhook,
  outgoingWebhook,
  webhookIdParam,
} from "@/lib/integrations/schemas";
import { slackPayload as slackPayloadSchema } from "@/lib/integrations/slack";
import { EXAMPLES as EX } from "./examples";

const TOKENS = "Access tokens";
const BOTS = "Bots";
const HOOKS = "Webhooks";

const MANAGE_REFUSED = jsonError('Only a session may manage tokens and bots (`{"error": "tokens cannot manage tokens"}`), a read-only token, or a cross-site request.');
const NOT_FOUND = jsonError("Unknown, or not yours.");

const tokenInfo = tokenInfoSchema.meta({ id: "AccessToken", description: "A token as listed: never the secret. Times are epoch seconds." });
const newToken = createdTokenSchema.meta({ id: "NewAccessToken", description: "`token` is `mmp_<id>_<secret>`: shown once, send it as `Authorization: Bearer <token>`." });
const tokenRequest = newTokenBody;
const bot = botInfoSchema.meta({ id: "Bot", description: "A bot account; `created` is epoch seconds." });
const incoming = incomingWebhook.meta({ id: "IncomingWebhook", description: "`sender` is the bot it posts as." });
const outgoing = outgoingWebhook.meta({ id: "OutgoingWebhook" });
const slackPayload = slackPayloadSchema.meta({
  id: "SlackPayload",
  description: "Slack's incoming-webhook payload: `text`, `attachments` and Block Kit `blocks` are drawn; `username` is shown instead of the bot's name; `channel` is not followed.",
});
const botPath = () => pathParams({ username: botParam.shape.username }, { username: EX.bot });
const webhookPath = () => pathParams({ id: webhookIdParam.shape.id }, { id: EX.webhookId });

const tokenOps: Operation[] = [
  operation("get", "/tokens", "user", {
    operationId: "tokens",
    summary: "Your personal access tokens",
    tags: [TOKENS],
    responses: { "200": jsonAnswer("Newest first; never the secret.", z.array(tokenInfo)) },
  }),
  operation("post", "/tokens", "user", {
    operationId: "createToken",
    summary: "Create a personal access token (a session only)",
    tags: [TOKENS],
    requestBody: jsonBody(tokenRequest, { name: "ci", read_only: false, expires_in_days: 90 }),
    responses: { "201": jsonAnswer("The token, shown once.", newToken), "400": jsonError("A bad name or expiry."), "403": MANAGE_REFUSED },
  }),
];

const botOps: Operation[] = [
  operation("get", "/bots", "user", {
    operationId: "bots",
    summary: "Every bot on the server",
    tags: [BOTS],
    responses: { "200": jsonAnswer("The client tags their messages.", z.array(bot)) },
  }),
  operation("post", "/bots", "user", {
    operationId: "createBot",
    summary: "Create a bot you own (a session only)",
    description: "A bot cannot sign in with a password; it acts through its tokens.",
    tags: [BOTS],
    requestBody: jsonBody(newBotBody, { username: EX.bot, display_name: "Deploy bot" }),
    responses: { "201": jsonAnswer("The bot.", bot), "400": jsonError("A username rule broken."), "403": MANAGE_REFUSED, "409": jsonError("The name is taken.") },
  }),
  operation("patch", "/bots/{username}", "user", {
    operationId: "updateBot",
    summary: "Rename your bot's display name",
    tags: [BOTS],
    requestParams: { path: botPath() },
    requestBody: jsonBody(botPatchBody, { display_name: "Deployments" }),
    responses: { "200": jsonAnswer("The bot.", bot), "400": BAD_REQUEST, "403": MANAGE_REFUSED, "404": NOT_FOUND },
  }),
  operation("post", "/bots/{username}/avatar", "user", {
    operationId: "botAvatar",
    summary: "Upload your bot's avatar",
    description: "Multipart field `avatar`, as `POST /avatar`.",
    tags: [BOTS],
    requestParams: { path: botPath() },
    requestBody: { required: true, content: { "multipart/form-data": { schema: z.object({ avatar: z.string().meta({ format: "binary" }) }) } } },
    responses: { "200": textAnswer("Done.", "ok"), "400": textAnswer("No file, or not an image."), "403": MANAGE_REFUSED, "404": NOT_FOUND },
  }),
  operation("get", "/bots/{username}/tokens", "user", {
    operationId: "botTokens",
    summary: "Your bot's tokens",
    tags: [BOTS, TOKENS],
    requestParams: { path: botPath() },
    responses: { "200": jsonAnswer("As `GET /tokens`.", z.array(tokenInfo)), "403": MANAGE_REFUSED, "404": NOT_FOUND },
  }),
  operation("post", "/bots/{username}/tokens", "user", {
    operationId: "createBotToken",
    summary: "Create a token for your bot (a session only)",
    tags: [BOTS, TOKENS],
    requestParams: { path: botPath() },
    requestBody: jsonBody(tokenRequest, { name: "deploys" }),
    responses: { "201": jsonAnswer("The token, shown once.", newToken), "400": jsonError("A bad name or expiry."), "403": MANAGE_REFUSED, "404": NOT_FOUND },
  }),
];

const webhookOps: Operation[] = [
  operation("get", "/webhooks/incoming", "user", {
    operationId: "incomingWebhooks",
    summary: "Your incoming webhooks",
    tags: [HOOKS],
    responses: { "200": jsonAnswer("Never the secret.", z.array(incoming)) },
  }),
  operation("post", "/webhooks/incoming", "user", {
    operationId: "createIncomingWebhook",
    summary: "Create an incoming webhook for a channel you can post in",
    description: "Without `sender`, a bot is made for it from the name. The `url` (with its secret) is shown once.",
    tags: [HOOKS],
    requestBody: jsonBody(createIncomingBody, { channel: EX.channel, name: "CI" }),
    responses: {
      "201": jsonAnswer("The webhook, with its URL.", createdIncomingWebhook),
      "400": jsonError("A DM, a bad name, or a sender that is not your bot."),
      "403": jsonError("You cannot post in that channel."),
    },
  }),
  operation("post", "/hooks/{secret}", "none", {
    operationId: "postWebhook",
    summary: "Post through an incoming webhook (Slack-compatible)",
    description: "No sign-in: the secret in the path is the credential. JSON, or a form with `payload=<json>`. Body at most 64 KB.",
    tags: [HOOKS],
    requestParams: { path: pathParams({ secret: z.string() }, { secret: EX.hookSecret }) },
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: slackPayload, example: { text: "Build #42 passed", username: "CI" } },
        "application/x-www-form-urlencoded": { schema: z.object({ payload: z.string().meta({ description: "The JSON payload." }) }) },
      },
    },
    responses: {
      "200": textAnswer("Posted (Slack's answer).", "ok"),
      "400": textAnswer("`No text specified`, or a malformed payload."),
      "403": textAnswer("`webhook disabled: <reason>` (its owner can no longer post there)."),
      "404": textAnswer("`invalid webhook`.", "invalid webhook"),
      "413": textAnswer("A body over 64 KB."),
    },
  }),
  operation("get", "/webhooks/outgoing", "user", {
    operationId: "outgoingWebhooks",
    summary: "Your outgoing webhooks",
    tags: [HOOKS],
    responses: { "200": jsonAnswer("Never the secret.", z.array(outgoing)) },
  }),
  operation("post", "/webhooks/outgoing", "user", {
    operationId: "createOutgoingWebhook",
    summary: "Have new messages of a channel POSTed to a URL",
    description:
      'Each new message is POSTed as JSON `{event: "message", webhook_id, channel, message: <row>, sent_at}` with `X-MiniMost-Event`, ' +
      "`X-MiniMost-Delivery` and `X-MiniMost-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`; retried with backoff. The URL must resolve " +
      "to a public address.",
    tags: [HOOKS],
    requestBody: jsonBody(createOutgoingBody, { channel: "off-topic", name: "Archiver", url: "https://93.184.215.14/minimost" }),
    responses: {
      "201": jsonAnswer("The webhook, with its signing secret (shown once).", createdOutgoingWebhook),
      "400": jsonError("Not http(s), or a private address."),
      "403": jsonError("You cannot read that channel."),
    },
  }),
];

/** Deletions: walked after everything that uses what they delete. */
export const integrationFinalOperations: Operation[] = [
  operation("delete", "/webhooks/incoming/{id}", "user", {
    operationId: "deleteIncomingWebhook",
    summary: "Revoke an incoming webhook",
    tags: [HOOKS],
    requestParams: { path: webhookPath() },
    responses: { "204": emptyAnswer("Revoked."), "404": NOT_FOUND },
  }),
  operation("delete", "/webhooks/outgoing/{id}", "user", {
    operationId: "deleteOutgoingWebhook",
    summary: "Delete an outgoing webhook",
    tags: [HOOKS],
    requestParams: { path: webhookPath() },
    responses: { "204": emptyAnswer("Deleted."), "404": NOT_FOUND },
  }),
  operation("delete", "/tokens/{id}", "user", {
    operationId: "deleteToken",
    summary: "Revoke a token (yours, or your bot's)",
    description: "Refused at once on every route and every instance.",
    tags: [TOKENS],
    requestParams: { path: pathParams({ id: tokenIdParam.shape.id }, { id: EX.tokenId }) },
    responses: { "204": emptyAnswer("Revoked."), "404": NOT_FOUND },
  }),
  operation("delete", "/bots/{username}", "user", {
    operationId: "deleteBot",
    summary: "Delete your bot (its tokens and webhooks go with it)",
    tags: [BOTS],
    requestParams: { path: botPath() },
    responses: { "204": emptyAnswer("Deleted."), "403": MANAGE_REFUSED, "404": NOT_FOUND },
  }),
];

export const integrationOperations: Operation[] = [...tokenOps, ...botOps, ...webhookOps];
