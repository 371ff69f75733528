import { useTranslations } from "use-intl";
import { initials, inkOn } from "@/lib/client/colors";
import { useNameColor } from "./theme";

// Theme colours (app/globals.css): each dot keeps 3:1 against the ring around it in both themes.
const DOT: Record<string, string> = { active: "bg-presence-active", idle: "bg-presence-idle", hidden: "bg-presence-idle" };

/** A user's picture (or coloured initials), with an optional presence dot; a neutral figure for a guest (name ""). */
export function Avatar(props: {
  name: string;
  size: number;
  hasImage: boolean;
  colors?: Record<string, string>;
  presence?: string;
  version?: number;
}) {
  const t = useTranslations("messages.presence");
  const { name, size } = props;
  const background = useNameColor(name, props.colors);
  const dot = props.presence !== undefined ? (DOT[props.presence] ?? "bg-presence-offline") : null;
  return (
    <span className="relative inline-block shrink-0" style={{ width: size, height: size }}>
      {name === "" ? (
        // An anonymous tribune post: no account, so no picture to ask for and no colour of its own.
        <span aria-hidden="true" data-guest-avatar="" className="flex h-full w-full items-center justify-center overflow-hidden rounded-full border border-border bg-raised text-muted">
          <svg viewBox="0 0 24 24" width={size * 0.7} height={size * 0.7} fill="currentColor" aria-hidden="true">
            <circle cx="12" cy="8" r="4.2" />
            <path d="M3.5 21.5c0-4.4 3.8-7.5 8.5-7.5s8.5 3.1 8.5 7.5z" />
          </svg>
        </span>
      ) : name === "system" ? (
        // eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG
        <img src="/icon.svg" alt="" width={size} height={size} className="rounded" />
      ) : props.hasImage ? (
        // eslint-disable-next-line @next/next/no-img-element -- a per-user image behind a session, not a static asset
        <img src={`/avatar/${encodeURIComponent(name)}${props.version ? `?v=${props.version}` : ""}`} alt="" width={size} height={size} className="rounded-full object-cover" />
      ) : (
        // The initials are drawn by CSS (generated content), not as text: a button holding an avatar
        // (the account's) is named by its visible text, which they would otherwise join.
        <span
          aria-hidden="true"
          data-initials={initials(name)}
          className="flex h-full w-full items-center justify-center rounded-full font-semibold before:content-[attr(data-initials)]"
          style={{ background, color: inkOn(background), fontSize: size * 0.4 }}
        />
      )}
      {dot ? (
        <span
          className={`absolute -right-0.5 -bottom-0.5 block h-[9px] w-[9px] rounded-full border-2 border-surface ${dot}`}
          title={t("state", { state: props.presence ?? "offline" })}
          data-presence={props.presence ?? "offline"}
        />
      ) : null}
    </span>
  );
}
