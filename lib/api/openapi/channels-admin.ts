/**
 * Channel management (issue 16): `GET /channels/browse`, `POST /channels/create` and, per public channel,
 * rename, archive, unarchive, join, leave and purpose (app/(chat)/channels). Our own routes: JSON answers,
 * JSON refusals. The walk creates `design` as alice (the first account, the admin) and works on it.
 */
import { z } from "zod";
import { createChannelBody, purposeBody, renameChannelBody } from "@/lib/chat/channel-admin";
import { channelParam } from "@/lib/http/params";
import { jsonAnswer, jsonBody, jsonError, note, operation, pathParams, type Operation } from "./common";

const TAG = "Chat";
const CREATED = "design";

note(createChannelBody.shape.name, { type: "string", description: "The new channel's id and name: 1–80 characters, no spaces, ':', '/', '\\' or control characters; not `browse` or `create`." });
note(renameChannelBody.shape.name, { type: "string", description: "The name shown, checked as a new channel's name; the id stays." });
note(purposeBody.shape.purpose, { type: "string", description: "One line of at most 250 characters (trimmed); `\"\"` clears it." });

const channelSummary = z
  .object({
    id: z.string().meta({ description: "The channel id messages are keyed by: never changes." }),
    name: z.string().meta({ description: "The name shown (an admin may rename it)." }),
    purpose: z.string(),
    archived: z.boolean().meta({ description: "Read-only, out of every sidebar, still readable and searchable." }),
    configured: z.boolean().meta({ description: "Named in settings.json: everyone is in it until they leave, and it cannot be archived." }),
    member_count: z.number().int(),
    joined: z.boolean().meta({ description: "You are in it: it is in your sidebar (`GET /channels`) unless archived." }),
    can_manage: z.boolean().meta({ description: "You may rename, archive and unarchive it: you are an admin (who also creates channels)." }),
  })
  .strict()
  .meta({ id: "PublicChannel", description: "A public channel as the browser lists it." });

const channelPath = pathParams({ channel: channelParam.shape.channel.meta({ description: "A public channel's id." }) }, { channel: CREATED });
const ADMIN_ONLY = jsonError('You are not an admin: `{"error": "only an admin can do this"}` (or a read-only token, a cross-site request).');
const NOT_FOUND = jsonError('No public channel with this id (DMs and private channels are not managed here): `{"error": "channel not found"}`.');
const ARCHIVED = jsonError('The channel is archived (read-only): `{"error": "channel is archived"}` (or a read-only token, a cross-site request).');
const TAKEN = jsonError('Another public channel has this id or name, in any case: `{"error": "a public channel with this name exists"}`.');

export const channelAdminOperations: Operation[] = [
  operation("get", "/channels/browse", "user", {
    operationId: "browseChannels",
    summary: "Every public channel",
    description: "settings.json's first, in its order, then the others by name; archived ones included. Any change sends a `channels` change notice to everyone.",
    tags: [TAG],
    responses: { "200": jsonAnswer("The channels.", z.array(channelSummary)) },
  }),
  operation("post", "/channels/create", "user", {
    operationId: "createChannel",
    summary: "Create a public channel (admins)",
    description: "At once, on every instance, no restart. You join it; others see it in the browser and join it. Its messages reach everyone, as every public channel's do.",
    tags: [TAG],
    requestBody: jsonBody(createChannelBody, { name: CREATED, purpose: "Pixels and fonts" }),
    responses: { "200": jsonAnswer("The new channel.", channelSummary), "400": jsonError("A bad name or purpose."), "403": ADMIN_ONLY, "409": TAKEN },
  }),
  operation("post", "/channels/{channel}/rename", "user", {
    operationId: "renameChannel",
    summary: "Rename a public channel (admins)",
    description: "The name shown changes; the id, and with it every message, receipt and link, stays.",
    tags: [TAG],
    requestParams: { path: channelPath },
    requestBody: jsonBody(renameChannelBody, { name: "Design" }),
    responses: { "200": jsonAnswer("The channel now.", channelSummary), "400": jsonError("A bad name."), "403": ADMIN_ONLY, "404": NOT_FOUND, "409": TAKEN },
  }),
  operation("post", "/channels/{channel}/purpose", "user", {
    operationId: "setChannelPurpose",
    summary: "Set a public channel's purpose",
    description: "Anyone may; it is shown in the channel header.",
    tags: [TAG],
    requestParams: { path: channelPath },
    requestBody: jsonBody(purposeBody, { purpose: "Pixels, fonts and colours" }),
    responses: { "200": jsonAnswer("The channel now.", channelSummary), "400": jsonError("Not one line of text of at most 250 characters."), "403": ARCHIVED, "404": NOT_FOUND },
  }),
  operation("post", "/channels/{channel}/leave", "user", {
    operationId: "leaveChannel",
    summary: "Leave a public channel",
    description: "Out of your sidebar (`GET /channels`), unread and mention counts and notifications. Messages still reach you, so joining again shows them.",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("The channel now.", channelSummary), "404": NOT_FOUND },
  }),
  operation("post", "/channels/{channel}/join", "user", {
    operationId: "joinChannel",
    summary: "Join a public channel",
    description: "Back in your sidebar with its history.",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("The channel now.", channelSummary), "403": ARCHIVED, "404": NOT_FOUND },
  }),
  operation("post", "/channels/{channel}/archive", "user", {
    operationId: "archiveChannel",
    summary: "Archive a public channel (admins)",
    description: "Read-only (every write answers 403 `channel is archived`, the tribune refuses posts), out of every sidebar, still readable and searchable.",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: {
      "200": jsonAnswer("The channel now.", channelSummary),
      "403": ADMIN_ONLY,
      "404": NOT_FOUND,
      "409": jsonError("The channel is named in settings.json: remove it there first."),
    },
  }),
  operation("post", "/channels/{channel}/unarchive", "user", {
    operationId: "unarchiveChannel",
    summary: "Unarchive a public channel (admins)",
    description: "Writable again and back in its members' sidebars.",
    tags: [TAG],
    requestParams: { path: channelPath },
    responses: { "200": jsonAnswer("The channel now.", channelSummary), "403": ADMIN_ONLY, "404": NOT_FOUND },
  }),
];
