import { useTranslations } from "use-intl";
import { CHANNEL_NAME_MAX } from "@/lib/client/constants";

/** Why a private channel name would be refused, as data: no name at all, or too many characters. */
export type ChannelNameIssue = { problem: "empty" } | { problem: "tooLong"; length: number; max: number };

/** Checks a private channel name, counted in characters as the server counts them. Pure. */
export function channelNameIssue(raw: string): ChannelNameIssue | null {
  const length = [...raw.trim()].length;
  if (length === 0) return { problem: "empty" };
  if (length > CHANNEL_NAME_MAX) return { problem: "tooLong", length, max: CHANNEL_NAME_MAX };
  return null;
}

/** `(name) => why it would be refused, in the page's language, or null`: for the dialogs that name a channel. */
export function useChannelNameProblem(): (raw: string) => string | null {
  const t = useTranslations("shell.channelName");
  return (raw) => {
    const issue = channelNameIssue(raw);
    if (!issue) return null;
    return issue.problem === "empty" ? t("empty") : t("tooLong", { length: issue.length, max: issue.max });
  };
}
