"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Avatar } from "@/app/_components/chat/avatar";
import { useNameColor } from "@/app/_components/chat/theme";

/** The chat's look for names: custom colours by user, and who has a picture (only a signed-in reader may load one). */
interface People {
  colors: Record<string, string>;
  avatars: ReadonlySet<string>;
}

const PeopleContext = createContext<People>({ colors: {}, avatars: new Set() });

/** Adds these people to what an outer provider knows (the layout gives the reader's own, a page its authors'). */
export function PeopleProvider({ colors, avatars, children }: { colors: Record<string, string>; avatars: string[]; children: ReactNode }) {
  const outer = useContext(PeopleContext);
  const value = useMemo(() => ({ colors: { ...outer.colors, ...colors }, avatars: new Set([...outer.avatars, ...avatars]) }), [outer, colors, avatars]);
  return <PeopleContext.Provider value={value}>{children}</PeopleContext.Provider>;
}

/** A name in its chat colour (readable in the current theme). */
export function AuthorName({ name }: { name: string | null }) {
  const t = useTranslations("boards.people");
  const { colors } = useContext(PeopleContext);
  const color = useNameColor(name ?? "", colors);
  if (name === null) return <span className="font-semibold text-muted">{t("deletedUser")}</span>;
  return (
    <span className="font-semibold" style={{ color }} data-author={name}>
      {name}
    </span>
  );
}

/** A user's avatar as the chat draws it; a neutral figure for a deleted account. */
export function AuthorAvatar({ name, size }: { name: string | null; size: number }) {
  const { colors, avatars } = useContext(PeopleContext);
  return <Avatar name={name ?? ""} size={size} hasImage={name !== null && avatars.has(name)} colors={colors} />;
}
