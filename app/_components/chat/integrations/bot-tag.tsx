/** The small tag beside a bot's name (in messages, cards and the settings panel). */
export function BotTag() {
  return (
    <span className="bot-tag shrink-0 rounded border border-current px-1 text-[0.7em] leading-tight font-semibold text-mention-other" data-bot-tag="" title="Bot account">
      BOT
    </span>
  );
}
