import type { PrivateChannel } from "@/lib/client/types";
import { publicChannelName } from "./data/channels";

/**
 * A channel as its header names it: `# general`, `@ bob, carol` (the others of a DM), or the private
 * channel's name (`unnamed`, in the page's language, while the list of private channels has not come).
 */
export function titleOf(channel: string, me: string, privates: PrivateChannel[], unnamed: string): string {
  if (channel.startsWith("dm:")) return "@ " + channel.slice(3).split(":").filter((u) => u !== me).join(", ");
  if (channel.startsWith("private:")) return privates.find((p) => p.channel === channel)?.name ?? unnamed;
  return `# ${publicChannelName(channel)}`; // the name an admin gave it; the id stays (issue 16)
}

/** The DM of the reader and the given people: `dm:` and every name sorted case-insensitively. */
export function dmChannelOf(names: string[]): string {
  return "dm:" + [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(":");
}
