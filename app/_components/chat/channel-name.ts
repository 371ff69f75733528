import { CHANNEL_NAME_MAX } from "@/lib/client/constants";

/** Why a private channel name would be refused, counted in characters as the server counts them. */
export function channelNameProblem(raw: string): string | null {
  const length = [...raw.trim()].length;
  if (length === 0) return "Enter a name.";
  if (length > CHANNEL_NAME_MAX) return `Channel name must be ${CHANNEL_NAME_MAX} characters or fewer (${length}/${CHANNEL_NAME_MAX}).`;
  return null;
}
