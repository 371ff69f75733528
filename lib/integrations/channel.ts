/** Which channels a webhook may be bound to. */
import "server-only";
import { resolveChannel, type Channel } from "@/lib/channels";
import { forbidden, invalid, isDomainError } from "@/lib/errors";

/** A channel a webhook may be bound to: public or private, one the owner can post in. DMs are refused. */
export async function webhookChannel(owner: string, raw: string, purpose: "post in" | "watch"): Promise<Channel> {
  if (raw.startsWith("dm:")) throw invalid(`a webhook cannot ${purpose} a direct message channel`);
  let channel: Channel;
  try {
    channel = await resolveChannel(owner, raw, { write: purpose === "post in" });
  } catch (err) {
    if (isDomainError(err)) throw forbidden(`you cannot ${purpose} ${raw}`, "json");
    throw err;
  }
  if (channel.kind === "dm") throw invalid(`a webhook cannot ${purpose} a direct message channel`);
  return channel;
}
