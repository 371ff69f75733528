import { render } from "./helpers/ui";
import { alertNewMessages, SETTLE_MS, unlockAudio, useUnreadAlerts } from "@/app/_components/chat/alerts";
import type { Message } from "@/lib/client/types";
import { createTranslator } from "use-intl/core";
import { messagesFor } from "@/lib/i18n/catalog";
import { messageRow } from "./helpers/message-row";

/** A fake speaker and a fake notification centre: what the person would hear and see. */
let chimes = 0;
let shown: { title: string; body?: string; tag?: string }[] = [];

class FakeAudioContext {
  currentTime = 0;
  destination = {};
  resume = async () => undefined;
  createOscillator() {
    chimes += 0.5; // two notes make one chime
    return { type: "", frequency: { value: 0 }, connect: (next: unknown) => next, start() {}, stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (next: unknown) => next };
  }
}

class FakeNotification {
  static permission = "granted";
  onclick: (() => void) | null = null;
  constructor(title: string, options: { body?: string; tag?: string }) {
    shown.push({ title, ...options });
  }
  close() {}
}

const prefs = { sounds: true, notifications: true };
/** The alerts' words, as the chat gives them (its page's language). */
const english = createTranslator({ locale: "en", messages: messagesFor("en"), namespace: "shell.alerts" });
const french = createTranslator({ locale: "fr", messages: messagesFor("fr"), namespace: "shell.alerts" });
let clock = 1_900_000_000_000;
const row = (sender: string, content: string, mentions: string[] = []): Message =>
  messageRow(1, sender, content, { mentions: mentions.length ? JSON.stringify(mentions) : null });

beforeAll(() => {
  Object.assign(globalThis, { AudioContext: FakeAudioContext, Notification: FakeNotification });
  unlockAudio();
});

beforeEach(() => {
  chimes = 0;
  shown = [];
  // Each case starts well past the last chime (chimes are at most one a second).
  clock += 10_000;
  jest.useFakeTimers({ now: clock });
});
afterEach(() => jest.useRealTimers());

describe("new messages in the open channel", () => {
  it("stay quiet while the page is in front, unless they mention me", () => {
    alertNewMessages([row("bob", "hello")], "alice", true, prefs, english);
    expect(chimes).toBe(0);
    expect(shown).toEqual([]);
  });

  it("chime when the page is not in front", () => {
    alertNewMessages([row("bob", "hello"), row("carol", "hi")], "alice", false, prefs, english);
    expect(chimes).toBe(1);
    expect(shown).toEqual([]);
  });

  it("chime and notify for a mention even in front, with the first 140 characters", () => {
    const long = "@alice " + "x".repeat(200);
    alertNewMessages([row("bob", long, ["alice"])], "alice", true, prefs, english);
    expect(chimes).toBe(1);
    expect(shown).toEqual([{ title: "bob mentioned you \u2014 MiniMost", body: long.slice(0, 140), tag: "minimost-mention" }]);
    shown = [];
    alertNewMessages([row("bob", "@everyone lunch", ["@everyone"])], "alice", true, prefs, english);
    expect(shown).toHaveLength(1);
  });

  it("never for my own messages, and not when sounds or notifications are off", () => {
    alertNewMessages([row("alice", "@alice note to self", ["alice"])], "alice", false, prefs, english);
    expect(chimes + shown.length).toBe(0);
    alertNewMessages([row("bob", "@alice hi", ["alice"])], "alice", false, { sounds: false, notifications: false }, english);
    expect(chimes + shown.length).toBe(0);
  });

  it("chime at most once a second however many arrive", () => {
    alertNewMessages([row("bob", "one")], "alice", false, prefs, english);
    jest.advanceTimersByTime(500);
    alertNewMessages([row("bob", "two")], "alice", false, prefs, english);
    expect(chimes).toBe(1);
    jest.advanceTimersByTime(600);
    alertNewMessages([row("bob", "three")], "alice", false, prefs, english);
    expect(chimes).toBe(2);
  });
});

function Unread({ total, active }: { total: number; active: boolean }) {
  useUnreadAlerts(total, active, prefs);
  return null;
}

describe("the unread total", () => {
  it("rising while the page is not in front alerts, once the first counts have settled", () => {
    const { rerender } = render(<Unread total={0} active={false} />);
    rerender(<Unread total={4} active={false} />); // the first answers after loading are not news
    expect(shown).toEqual([]);
    jest.advanceTimersByTime(SETTLE_MS);
    rerender(<Unread total={5} active={false} />);
    expect(shown).toEqual([{ title: "MiniMost", body: "You have 5 unread messages", tag: "minimost-unread" }]);
    expect(chimes).toBe(1);
  });

  it("does not alert when it falls, or when the page is in front", () => {
    const { rerender } = render(<Unread total={3} active={false} />);
    jest.advanceTimersByTime(SETTLE_MS);
    rerender(<Unread total={1} active={false} />);
    rerender(<Unread total={2} active={true} />);
    expect(shown).toEqual([]);
    rerender(<Unread total={1} active={false} />);
    jest.advanceTimersByTime(2000);
    rerender(<Unread total={2} active={false} />);
    expect(shown).toEqual([{ title: "MiniMost", body: "You have 2 unread messages", tag: "minimost-unread" }]);
  });
});

describe("in French", () => {
  it("a mention's notification and the unread total are worded in the page's language, counts as French numbers", () => {
    alertNewMessages([row("bob", "@alice salut", ["alice"])], "alice", true, prefs, french);
    expect(shown).toEqual([{ title: "bob vous a mentionné \u2014 MiniMost", body: "@alice salut", tag: "minimost-mention" }]);
    shown = [];
    jest.advanceTimersByTime(1500); // past the last chime
    const { rerender } = render(<Unread total={0} active={false} />, { locale: "fr" });
    jest.advanceTimersByTime(SETTLE_MS);
    rerender(<Unread total={1200} active={false} />);
    expect(shown).toEqual([{ title: "MiniMost", body: "Vous avez 1\u202f200 messages non lus", tag: "minimost-unread" }]);
  });
});
