/** The webhook routes' bodies and answers as zod schemas (the routes validate with them; the API document is made from them). */
import { z } from "zod";
import { nameProblem } from "@/lib/text";

export const WEBHOOK_NAME_MAX = 64;
export const TRIGGER_WORDS_MAX = 20;
export const TRIGGER_WORD_MAX = 64;
export const URL_MAX = 2048;

const channel = z.string({ error: "channel is required" }).min(1, "channel is required").max(1024, "channel is too long");

const name = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(WEBHOOK_NAME_MAX, `name must be ${WEBHOOK_NAME_MAX} characters or fewer`)
  .superRefine((value, ctx) => {
    const problem = nameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `name ${problem}` });
  });

/** `POST /webhooks/incoming`: without `sender`, a bot named after the webhook is made for it. */
export const createIncomingBody = z.object({
  channel,
  name,
  sender: z.string({ error: "sender must be a bot's username" }).trim().min(1, "sender must be a bot's username").max(64).nullish(),
});
export type CreateIncomingInput = z.infer<typeof createIncomingBody>;

const triggerWord = z
  .string({ error: "trigger_words must be a list of words" })
  .trim()
  .min(1, "a trigger word cannot be empty")
  .max(TRIGGER_WORD_MAX, `a trigger word has at most ${TRIGGER_WORD_MAX} characters`)
  .regex(/^\S+$/u, "a trigger word is one word (no spaces)")
  .refine((word) => nameProblem(word) === null, "a trigger word cannot hold control or formatting characters");

/** `POST /webhooks/outgoing`: with trigger words, only messages whose first word is one of them are sent. */
export const createOutgoingBody = z.object({
  channel,
  name,
  url: z.string({ error: "url is required" }).trim().min(1, "url is required").max(URL_MAX, `url must be ${URL_MAX} characters or fewer`),
  trigger_words: z
    .array(triggerWord, { error: "trigger_words must be a list of words" })
    .max(TRIGGER_WORDS_MAX, `at most ${TRIGGER_WORDS_MAX} trigger words`)
    .nullish(),
});
export type CreateOutgoingInput = z.infer<typeof createOutgoingBody>;

/** `/webhooks/incoming/<id>`, `/webhooks/outgoing/<id>`: anything but a webhook id names nothing (404). */
export const webhookIdParam = z.object({ id: z.string().regex(/^[a-z0-9]{12}$/) });

export const incomingWebhook = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  sender: z.string(),
  created: z.number(),
  last_used: z.number().nullable(),
  disabled_reason: z.string().nullable(),
});
export type IncomingWebhookInfo = z.infer<typeof incomingWebhook>;

/** The answer to a creation: the list row, and the URL and secret shown this once. */
export const createdIncomingWebhook = incomingWebhook.extend({ url: z.string(), secret: z.string() });

export const outgoingWebhook = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  url: z.string(),
  trigger_words: z.array(z.string()),
  created: z.number(),
  disabled_reason: z.string().nullable(),
  last_error: z.string().nullable(),
});
export type OutgoingWebhookInfo = z.infer<typeof outgoingWebhook>;

export const createdOutgoingWebhook = outgoingWebhook.extend({ secret: z.string() });
