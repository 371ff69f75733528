import React from "react";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { alertNewMessages, mayAlert, setQuiet } from "@/app/_components/chat/alerts";
import { Composer } from "@/app/_components/chat/composer";
import { formatMessage } from "@/app/_components/chat/format";
import { Sidebar } from "@/app/_components/chat/sidebar";
import { COMMAND_LIST, SHRUG } from "@/lib/client/commands";
import { messagesFor } from "@/lib/i18n/catalog";
import { createTranslator } from "use-intl/core";
import { messageRow } from "./helpers/message-row";

/**
 * The composer's slash commands against a fake server: a notice only the sender sees (dismissable,
 * never posted), a refusal that keeps the typed text, the suggestion list; the sidebar's muted channels.
 */
type Answer = { status: number; body: unknown };
let answers: Record<string, Answer>;
let posts: { path: string; body: string; accept: string | null }[];

const reply = ({ status, body }: Answer) => ({ ok: status < 400, status, json: async () => body, text: async () => (typeof body === "string" ? body : JSON.stringify(body)) });

beforeEach(() => {
  answers = {};
  posts = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (init?.method === "POST") {
      const headers = new Headers(init.headers);
      posts.push({ path, body: String(init.body ?? ""), accept: headers.get("accept") });
    }
    return reply(answers[`${init?.method ?? "GET"} ${path}`] ?? { status: 200, body: {} });
  }) as unknown as typeof fetch;
});
afterEach(() => {
  cleanup();
  setQuiet({ muted: new Set(), dnd: false });
});

function renderComposer() {
  const onSend = jest.fn();
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <Composer channel="general" members={["bob"]} label="# general" maxUploadMb={1} replyTo={null} onCancelReply={() => undefined} onSend={onSend} enterSends />
    </SWRConfig>,
  );
  return { onSend, box: screen.getByRole("textbox", { name: "Message # general" }) as HTMLTextAreaElement };
}

/** What was sent to /send (typing notices left out). */
const sends = () => posts.filter((p) => p.path.startsWith("/send/"));

const type = (box: HTMLTextAreaElement, value: string) => fireEvent.change(box, { target: { value, selectionStart: value.length } });

describe("slash commands in the composer", () => {
  it("shows a command's notice by the box, only to the sender, until dismissed; nothing is posted as a message", async () => {
    answers["POST /send/general"] = { status: 200, body: { ephemeral: "You are shown as away." } };
    const { onSend, box } = renderComposer();
    type(box, "/away");
    fireEvent.keyDown(box, { key: "Enter" });
    const notice = await screen.findByRole("status", { name: "Only visible to you" });
    expect(notice).toHaveTextContent("You are shown as away.");
    expect(onSend).not.toHaveBeenCalled(); // not an outgoing message
    expect(sends()).toEqual([{ path: "/send/general", body: "text=%2Faway&reply_to_id=", accept: "application/json" }]);
    expect(posts.filter((p) => p.path.startsWith("/typing/"))).toEqual([]); // a command shows nobody "typing…"
    expect(box.value).toBe("");
    fireEvent.click(within(notice).getByRole("button", { name: "Dismiss notice" }));
    expect(screen.queryByRole("status", { name: "Only visible to you" })).toBeNull();
  });

  it("shows an unknown command's error and keeps the typed text to correct it", async () => {
    answers["POST /send/general"] = { status: 400, body: { error: "unknown command /shurg — /help lists the commands" } };
    const { onSend, box } = renderComposer();
    type(box, "/shurg oops");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(await screen.findByRole("alert")).toHaveTextContent("unknown command /shurg — /help lists the commands");
    expect(box.value).toBe("/shurg oops");
    expect(onSend).not.toHaveBeenCalled();
  });

  it("clears the box when a command posted a message (/me), showing no notice", async () => {
    answers["POST /send/general"] = { status: 201, body: { id: 7, ts: 1, messages: [] } };
    const { box } = renderComposer();
    type(box, "/me waves");
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(box.value).toBe(""));
    expect(sends()).toHaveLength(1);
    expect(screen.queryByRole("status", { name: "Only visible to you" })).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("sends //text, /usr/bin paths, the tribune's /name and /bak the usual way", () => {
    const { onSend, box } = renderComposer();
    for (const text of ["//away", "/usr/bin/env", "/name Zorglub", "/bak add ua x"]) {
      type(box, text);
      fireEvent.keyDown(box, { key: "Enter" });
      expect(onSend).toHaveBeenLastCalledWith({ channel: "general", text, files: [], replyTo: null });
    }
    expect(sends()).toEqual([]);
  });

  it("suggests the commands as `/` is typed: arrows move, Tab completes, Escape closes", () => {
    const { box } = renderComposer();
    type(box, "/");
    const list = screen.getByRole("listbox", { name: "Command suggestions" });
    expect(within(list).getAllByRole("option")).toHaveLength(COMMAND_LIST.length);
    type(box, "/m");
    const options = () => within(screen.getByRole("listbox", { name: "Command suggestions" })).getAllByRole("option");
    expect(options().map((o) => o.textContent?.split(" ")[0])).toEqual(["/me", "/mute"]);
    expect(options()[0]).toHaveAttribute("aria-selected", "true");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(options()[1]).toHaveAttribute("aria-selected", "true");
    fireEvent.keyDown(box, { key: "Tab" });
    expect(box.value).toBe("/mute ");
    expect(screen.queryByRole("listbox", { name: "Command suggestions" })).toBeNull();
    type(box, "/he");
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("listbox", { name: "Command suggestions" })).toBeNull();
    expect(box.value).toBe("/he");
  });

  it("Enter completes a partial command word and sends a complete one", async () => {
    answers["POST /send/general"] = { status: 200, body: { ephemeral: "Commands:\n/me <text> — …" } };
    const { box } = renderComposer();
    type(box, "/hel");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box.value).toBe("/help ");
    expect(sends()).toEqual([]);
    type(box, "/help");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(await screen.findByRole("status", { name: "Only visible to you" })).toHaveTextContent("Commands:");
  });
});

describe("what /me and /shrug store, as the message list shows it", () => {
  const show = (text: string) => render(<div>{formatMessage(text, { users: new Set(["alice"]), me: "alice" })}</div>).container.firstElementChild as HTMLElement;

  it("shows /me's *action* in italics and the shrug exactly as typed", () => {
    const action = show("*waves at everyone*");
    expect(action.querySelector("em")?.textContent).toBe("waves at everyone");
    const shrug = show(`no idea ${SHRUG}`);
    expect(shrug.textContent).toBe("no idea ¯\\_(ツ)_/¯");
    expect(shrug.querySelector("em, u, strong")).toBeNull();
  });
});

describe("muted channels and do not disturb", () => {
  const sidebar = () =>
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <Sidebar
          channels={["general", "random"]}
          unreads={{ general: 0, random: 4 }}
          mentions={{ random: 1 }}
          privates={[]}
          dms={[]}
          current="general"
          online={{}}
          avatars={new Set()}
          colors={{}}
          onSelect={() => undefined}
          onCloseDm={() => undefined}
          onNewDm={() => undefined}
          onNewPrivate={() => undefined}
        />
      </SWRConfig>,
    );

  it("dims a muted channel: no unread count, a quiet mention count, a muted mark, and no alerts for it", async () => {
    answers["GET /channel_preferences"] = { status: 200, body: { random: { muted: true } } };
    sidebar();
    const random = await screen.findByRole("button", { name: /# random/ });
    await waitFor(() => expect(random).toHaveClass("muted"));
    expect(within(random).getByRole("img", { name: "muted" })).toBeInTheDocument();
    expect(within(random).queryByLabelText(/unread/)).toBeNull();
    expect(within(random).getByLabelText("1 mention (muted)")).toBeInTheDocument();
    expect(random).not.toHaveClass("font-semibold");
    expect(mayAlert("random")).toBe(false);
    expect(mayAlert("general")).toBe(true);
  });

  it("plays no chime and shows no notification for news in a muted channel, or anywhere under do not disturb", async () => {
    const notifications: string[] = [];
    const NotificationStub = Object.assign(
      function (this: unknown, title: string) {
        notifications.push(title);
      },
      { permission: "granted" },
    );
    Object.assign(globalThis, { Notification: NotificationStub });
    const alertTexts = createTranslator({ locale: "en", messages: messagesFor("en"), namespace: "shell.alerts" });
    const mention = (channel: string) => ({ ...messageRow(1, "bob", "hey @alice"), channel, mentions: JSON.stringify(["alice"]) });
    act(() => setQuiet({ muted: new Set(["random"]), dnd: false }));
    alertNewMessages([mention("random")], "alice", true, { sounds: false, notifications: true }, alertTexts);
    expect(notifications).toEqual([]);
    alertNewMessages([mention("general")], "alice", true, { sounds: false, notifications: true }, alertTexts);
    expect(notifications).toHaveLength(1);
    act(() => setQuiet({ muted: new Set(), dnd: true }));
    alertNewMessages([mention("general")], "alice", true, { sounds: false, notifications: true }, alertTexts);
    expect(notifications).toHaveLength(1);
    Reflect.deleteProperty(globalThis, "Notification");
  });

  it("knows the reader's do-not-disturb state from /presence/override", async () => {
    answers["GET /presence/override"] = { status: 200, body: { override: "dnd" } };
    sidebar();
    await waitFor(() => expect(mayAlert()).toBe(false));
  });
});
