/**
 * Slack's incoming-webhook payload, as CI jobs, Grafana, Alertmanager and GitHub Actions send it: the
 * body is JSON, or a form whose `payload` field holds the JSON (or whose `text` field is the text). The
 * text a post shows is `text` followed by the attachments written out as Markdown. Fields we do not
 * use (`icon_emoji`, `color`, `blocks`, `mrkdwn`…) are accepted and dropped, so any Slack sender works.
 */
import { z } from "zod";
import { invalid } from "@/lib/errors";

/** Slack's answer to an empty post. */
export const NO_TEXT = "No text specified";

const text = () => z.string().max(65536).optional();
/** Slack senders put numbers where strings belong now and then (a field's value); they are shown as text. */
const shown = () =>
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform((value) => String(value))
    .optional()
    .nullable();

const field = z.object({ title: shown(), value: shown() });

const attachment = z.object({
  fallback: shown(),
  pretext: shown(),
  title: shown(),
  title_link: shown(),
  text: shown(),
  fields: z.array(field).max(100).optional().nullable(),
});

/** A Block Kit text object (`plain_text` or `mrkdwn`). */
const textObject = z.object({ type: z.string().optional(), text: shown() });

/**
 * The Block Kit blocks drawn here: header, section (text and fields), context (its text elements) and
 * divider. Any other block (images, actions, inputs) is left out, and so is a block of a known type that
 * does not have this shape, rather than the whole post refused.
 */
const block = z.object({
  type: z.string(),
  text: textObject.optional().nullable(),
  fields: z.array(textObject).max(20).optional().nullable(),
  elements: z.array(z.unknown()).max(20).optional().nullable(),
});

export const slackPayload = z.object({
  text: text().nullable(),
  blocks: z.array(z.unknown()).max(100).optional().nullable(),
  username: z.string().max(1024).optional().nullable(),
  icon_url: z.string().max(2048).optional().nullable(),
  // Slack let a webhook post elsewhere; ours is bound to its channel, so this is not followed.
  channel: z.string().max(1024).optional().nullable(),
  attachments: z.array(attachment).max(100).optional().nullable(),
});

export type SlackPayload = z.infer<typeof slackPayload>;
type Attachment = z.infer<typeof attachment>;

/** The form of a request body the hook door was given. */
export type HookBody = { kind: "json"; text: string } | { kind: "form"; fields: Map<string, string> };

/** The Slack payload in a body: JSON as it is, a form's `payload` as JSON, or a form's own `text`/`username`. */
export function parseSlackBody(body: HookBody): SlackPayload {
  let value: unknown;
  if (body.kind === "json") value = parseJson(body.text);
  else if (body.fields.has("payload")) value = parseJson(body.fields.get("payload") ?? "");
  else value = { text: body.fields.get("text") ?? "", username: body.fields.get("username") || undefined };
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("payload must be a JSON object", "plain");
  const parsed = slackPayload.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "payload";
    throw invalid(`invalid payload: ${where}: ${issue?.message ?? "invalid"}`, "plain");
  }
  return parsed.data;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid("payload is not valid JSON", "plain");
  }
}

/** A link target worth making a link of: http(s) only, never `javascript:` and friends. */
function linkTarget(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    // Parentheses and spaces would end the Markdown link early.
    return url.toString().replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  } catch {
    return null;
  }
}

/**
 * Slack's `mrkdwn` as Markdown: `<url|label>` links become `[label](url)`, `<url>` the bare URL, and the
 * three escapes Slack asks senders to use (`&amp;`, `&lt;`, `&gt;`) the characters they stand for.
 * Slack's `<!here>`-style pings and `<@U123>` user ids name nothing here and are shown as text.
 */
export function slackToMarkdown(raw: string): string {
  const linked = raw.replace(/<([^<>|\s]+)(?:\|([^<>]*))?>/g, (whole, target: string, label: string | undefined) => {
    if (target.startsWith("!")) return `@${target.slice(1).split("^")[0]}`;
    if (target.startsWith("@") || target.startsWith("#")) return label ? `${target[0]}${label}` : target;
    const link = linkTarget(target);
    if (target.startsWith("mailto:")) return label ?? target.slice("mailto:".length);
    if (!link) return whole;
    return label ? `[${oneLine(label).replace(/([\\[\]])/g, "\\$1")}](${link})` : link;
  });
  return unescapeSlack(linked);
}

const unescapeSlack = (text: string) => text.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">" })[name] ?? "");

/** One label on one line: line breaks in a title would break the Markdown around it. */
const oneLine = (value: string) => value.replace(/\s+/g, " ").trim();

/** An attachment as Markdown: pretext, the title (a link when it has one), the text, then `**field**: value` lines. */
export function attachmentMarkdown(a: Attachment): string {
  const parts: string[] = [];
  if (a.pretext?.trim()) parts.push(slackToMarkdown(a.pretext.trim()));
  const title = a.title ? oneLine(unescapeSlack(a.title)) : "";
  if (title) {
    const link = linkTarget(a.title_link);
    const label = title.replace(/([\\[\]*_])/g, "\\$1");
    parts.push(link ? `**[${label}](${link})**` : `**${label}**`);
  }
  if (a.text?.trim()) parts.push(slackToMarkdown(a.text.trim()));
  const fields = (a.fields ?? [])
    .map((f) => ({ title: f.title ? oneLine(unescapeSlack(f.title)) : "", value: slackToMarkdown(f.value?.trim() ?? "") }))
    .filter((f) => f.title || f.value)
    .map((f) => (f.title ? `**${f.title}**: ${f.value}` : f.value));
  if (fields.length) parts.push(fields.join("\n"));
  // `fallback` is what Slack shows where attachments cannot be drawn: here, only when nothing else is there.
  if (parts.length === 0 && a.fallback?.trim()) parts.push(slackToMarkdown(a.fallback.trim()));
  return parts.join("\n");
}

const blockText = (t: z.infer<typeof textObject> | null | undefined) => {
  const value = t?.text?.trim() ?? "";
  return t?.type === "plain_text" ? value : slackToMarkdown(value);
};

/** One Block Kit block as Markdown, or "" for a block not drawn here. */
function blockMarkdown(raw: unknown): string {
  const parsed = block.safeParse(raw);
  if (!parsed.success) return "";
  const b = parsed.data;
  switch (b.type) {
    case "header": {
      const title = oneLine(blockText(b.text));
      return title ? `**${title}**` : "";
    }
    case "section":
      return [blockText(b.text), ...(b.fields ?? []).map(blockText)].filter(Boolean).join("\n");
    case "context":
      return (b.elements ?? [])
        .map((e) => textObject.safeParse(e))
        .filter((e) => e.success && e.data.text)
        .map((e) => blockText(e.data))
        .join(" · ");
    case "divider":
      return "---";
    default:
      return "";
  }
}

/**
 * The text a payload posts: its blocks (as Slack shows them, `text` then only being the notification's
 * words) or else its `text`, then each attachment; empty when there is nothing to show.
 */
export function payloadText(payload: SlackPayload): string {
  const drawn = (payload.blocks ?? []).map(blockMarkdown).filter(Boolean);
  // A lone divider is not a message.
  const blocks = drawn.some((b) => b !== "---") ? drawn.join("\n\n") : "";
  const main = blocks || slackToMarkdown(payload.text?.trim() ?? "");
  const parts = [main, ...(payload.attachments ?? []).map(attachmentMarkdown)].filter(Boolean);
  return parts.join("\n\n");
}

/** The `username` override as kept on the row (`agent`): one line, at most `max` characters, or null. */
export function agentOf(payload: SlackPayload, max: number): string | null {
  // Control, bidi and separator characters could hide or reorder the name around them (lib/text.ts).
  const name = (payload.username ?? "").replace(/[\p{Cc}\u200e\u200f\u061c\u2066-\u2069\u202a-\u202e\u2028\u2029\ufeff]/gu, " ").replace(/\s+/g, " ").trim();
  return name ? [...name].slice(0, max).join("") : null;
}
