import { resolveChannel } from "@/lib/channels";
import { messageRows, sendMessage } from "@/lib/chat/messages";
import { wantsJson } from "@/lib/chat/script-answers";
import { settings } from "@/lib/config";
import { invalid } from "@/lib/errors";
import { readStringFields } from "@/lib/http/input";
import { channelParam } from "@/lib/http/params";
import { json, text, withUser } from "@/lib/http/route";
import { discard, isMultipart, keep, receiveMultipart, removeUploads, type ReceivedFile } from "@/lib/uploads/receive";

const MAX_TEXT_BYTES = 4 * 1024 * 1024;
const THREAD_ONLY = new Map([["", false], ["0", false], ["false", false], ["1", true], ["true", true]]);

/**
 * `POST /send/<channel>` (form or multipart): `text`, optional `reply_to_id`, any number of `files`;
 * `thread_only=1` with `reply_to_id` keeps a reply in its thread (issue 16: the row is still in the
 * channel, flagged `thread_only`, for older clients; "0", "" or leaving it out: also sent to the channel).
 * Answers `ok`, with the new message's id in X-Message-Id; with `Accept: application/json`, 201
 * `{id, ts, messages: [rows as /messages shows them]}`. A slash command that posts nothing answers 200
 * `{"ephemeral": "<notice for the sender>"}` (lib/chat/commands.ts); `/bak` still answers `ok`.
 */
export const POST = withUser(
  async ({ req, user, params }) => {
    const channel = await resolveChannel(user, params.channel, { write: true }); // 403 before reading any file
    let fields: { text: string; reply_to_id: string; thread_only: string };
    let received: ReceivedFile[] = [];
    if (isMultipart(req)) {
      const form = await receiveMultipart(req, { maxFileMb: settings().max_upload_size_mb, fileFields: ["files"] });
      fields = { text: form.fields.get("text") ?? "", reply_to_id: form.fields.get("reply_to_id") ?? "", thread_only: form.fields.get("thread_only") ?? "" };
      received = form.files;
    } else {
      fields = await readStringFields(req, ["text", "reply_to_id", "thread_only"], MAX_TEXT_BYTES);
    }
    const reply = fields.reply_to_id.trim();
    if (reply && !/^[0-9]{1,15}$/.test(reply)) {
      discard(received);
      throw invalid("invalid reply_to_id", "plain");
    }
    const threadOnly = THREAD_ONLY.get(fields.thread_only.trim().toLowerCase());
    if (threadOnly === undefined) {
      discard(received);
      throw invalid("thread_only must be 1 or 0", "plain");
    }
    const stored = await keep(received);
    let outcome;
    try {
      outcome = await sendMessage(user, channel, { text: fields.text, replyTo: reply ? Number(reply) : null, files: stored, threadOnly });
    } catch (err) {
      await removeUploads(stored); // nothing a refused send brought stays on disk
      throw err;
    }
    if ("ephemeral" in outcome) return json({ ephemeral: outcome.ephemeral });
    const { ids } = outcome;
    const idHeader: Record<string, string> = ids.length > 0 ? { "X-Message-Id": String(ids[0]) } : {};
    if (wantsJson(req) && ids.length > 0) {
      const rows = await messageRows(user, ids);
      return json({ id: ids[0], ts: rows[0]?.ts ?? null, messages: rows }, 201, idHeader);
    }
    // A `/bak` command posts nothing: no id to give.
    return text("ok", 200, idHeader);
  },
  { params: channelParam },
);
