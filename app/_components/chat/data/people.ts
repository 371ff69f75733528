"use client";

import { mutate } from "swr";
import { KEYS } from "./keys";
import { usePolled } from "./polled";

/** Every username but the reader's, every 30 seconds. */
export const useUsers = () => usePolled<string[]>(KEYS.users, 30_000);

/** Chosen name colours (`{user: colour}`), every 30 seconds. */
export const useUserColors = () => usePolled<Record<string, string>>(KEYS.userColors, 30_000);

/** Who has an avatar image, every 30 seconds. */
export const useUserAvatars = () => usePolled<string[]>(KEYS.userAvatars, 30_000);

/** After the reader changed their avatar or colour. */
export function refreshProfileLooks(): void {
  void mutate(KEYS.userAvatars);
  void mutate(KEYS.userColors);
}
