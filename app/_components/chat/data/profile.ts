"use client";

import useSWR from "swr";
import { enc, getJson } from "@/lib/client/api";

export interface Profile {
  username: string;
  name_color: string | null;
  bio: string | null;
}

const profileKey = (name: string) => `/profile/${enc(name)}`;

/**
 * A person's profile card, fetched once per person for the page's life: a deleted account answers
 * 404 (`error`) and is not asked again.
 */
export const useProfile = (name: string) =>
  useSWR<Profile>(profileKey(name), getJson, { revalidateOnFocus: false, revalidateIfStale: false, shouldRetryOnError: false });

/** A member's bio in the members dialog: fetched each time the dialog lists them. */
export const useBio = (user: string) => useSWR<Pick<Profile, "bio">>(profileKey(user), getJson, { revalidateOnFocus: false });
