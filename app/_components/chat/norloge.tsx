"use client";

/**
 * A norloge in a message (a tribune clock reference such as "12:34:56²", lib/chat/norloges.ts)
 * shown as a reference to the earlier message(s) it points at in the open channel: pointing at it
 * or focusing it highlights them, clicking it (or Enter) shows the first one.
 */
import { createContext, useContext, useEffect, useRef } from "react";
import { useTranslations } from "use-intl";
import { norlogeTargets, type Norloge, type NorlogeIndex } from "@/lib/chat/norloges";

/** What the open channel's message list lends its norloges. */
export interface NorlogeScope {
  /** The open channel's name: a norloge's `@board` must name it to point anywhere. */
  board: string;
  /** The channel's loaded posts by their minute on the tribune's clock. */
  index: NorlogeIndex;
  /** Marks the rows of `ids` as pointed at (an empty list clears the marks). */
  highlight: (ids: readonly number[]) => void;
  /** Brings a message into view and flashes it. */
  show: (id: number) => void;
  /** Puts a norloge into the message box, to answer the message it points at (a tribune habit). */
  answer?: (norloge: string) => void;
}

export const NorlogeScopeContext = createContext<NorlogeScope | null>(null);

const STYLE = "norloge rounded px-0.5 font-mono text-[0.95em]";

function titleFor(t: ReturnType<typeof useTranslations<"messages.norloge">>, norloge: Norloge, scope: NorlogeScope | null, targets: readonly number[]): string {
  if (norloge.board !== null && scope && norloge.board.toLowerCase() !== scope.board.toLowerCase()) {
    return t("elsewhere", { board: norloge.board });
  }
  if (targets.length === 0) return t("notLoaded");
  if (targets.length === 1) return t("showOne");
  return t("showFirst", { count: targets.length });
}

/**
 * One norloge. `from` is the id of the message it is written in: it points only at earlier ones.
 * Outside a message list (no scope) it is styled but inert.
 */
export function NorlogeRef({ norloge, from }: { norloge: Norloge; from?: number }) {
  const scope = useContext(NorlogeScopeContext);
  const t = useTranslations("messages.norloge");
  const targets = scope ? norlogeTargets(norloge, scope.index, { board: scope.board, before: from }) : [];
  const highlighting = useRef(false);
  const first = targets[0];
  const title = titleFor(t, norloge, scope, targets);

  // A reference that goes away while it is pointed at (an edit, a channel change) leaves no mark behind.
  const highlight = scope?.highlight;
  useEffect(
    () => () => {
      if (highlighting.current) highlight?.([]);
    },
    [highlight],
  );

  if (!scope || first === undefined) {
    return (
      <span className={`${STYLE} norloge-missing text-muted underline decoration-dotted underline-offset-2`} title={title} data-norloge={norloge.text} data-norloge-missing="">
        {norloge.text}
      </span>
    );
  }
  const on = () => {
    highlighting.current = true;
    scope.highlight(targets);
  };
  const off = () => {
    highlighting.current = false;
    scope.highlight([]);
  };
  return (
    <button
      type="button"
      className={`${STYLE} norloge-live cursor-pointer bg-norloge-bg text-norloge underline decoration-dotted underline-offset-2 hover:underline-offset-4`}
      title={title}
      data-norloge={norloge.text}
      data-norloge-targets={targets.join(" ")}
      onMouseEnter={on}
      onMouseLeave={off}
      onFocus={on}
      onBlur={off}
      onClick={() => scope.show(first)}
    >
      {norloge.text}
    </button>
  );
}
