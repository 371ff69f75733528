import React from "react";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { Composer, mentionCandidates } from "@/app/_components/chat/composer";
import { Avatar } from "@/app/_components/chat/avatar";
import { Attachment, LinkPreview } from "@/app/_components/chat/previews";
import { SenderName } from "@/app/_components/chat/profile-card";
import { SearchPanel } from "@/app/_components/chat/search-panel";
import { Sidebar } from "@/app/_components/chat/sidebar";
import { fuzzyRank, UserInput } from "@/app/_components/chat/user-input";
import { NAME_COLOR_PRESETS } from "@/lib/client/colors";

/** jsdom has no fetch: a minimal answer with the parts the client reads. */
const answer = (body: unknown, status = 200) => ({ ok: status < 400, status, json: async () => body, text: async () => JSON.stringify(body) });
const mockFetch = (body: unknown, status = 200) => (global.fetch = jest.fn(async () => answer(body, status)) as unknown as typeof fetch);

beforeEach(() => {
  mockFetch(null, 204);
});

function renderComposer(overrides: Partial<React.ComponentProps<typeof Composer>> = {}) {
  const onSend = jest.fn();
  render(
    <Composer
      channel="general"
      members={["alice", "bob", "albert"]}
      label="# general"
      maxUploadMb={1}
      replyTo={null}
      onCancelReply={() => undefined}
      onSend={onSend}
      enterSends
      {...overrides}
    />,
  );
  return { onSend, box: screen.getByRole("textbox", { name: "Message # general" }) as HTMLTextAreaElement };
}

describe("the composer", () => {
  it("sends on Enter, hands the draft over and clears at once", () => {
    const { onSend, box } = renderComposer();
    fireEvent.change(box, { target: { value: "hello team" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith({ channel: "general", text: "hello team", files: [], replyTo: null });
    expect(box.value).toBe("");
  });

  it("keeps Shift+Enter for a new line, and sends nothing empty", () => {
    const { onSend, box } = renderComposer();
    fireEvent.change(box, { target: { value: "line one" } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: "   " } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
  });

  it("sends with Ctrl+Enter when Enter makes new lines", () => {
    const { onSend, box } = renderComposer({ enterSends: false });
    fireEvent.change(box, { target: { value: "x" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter", ctrlKey: true });
    expect(onSend).toHaveBeenCalledTimes(1);
  });

  it("refuses a file over the limit before uploading, and lists the others", () => {
    const { onSend, box } = renderComposer();
    const small = new File(["ok"], "notes.txt");
    const big = new File([new Uint8Array(1024 * 1024 + 1)], "huge.bin");
    fireEvent.change(screen.getByTestId("file-input"), { target: { files: [small, big] } });
    expect(screen.getByRole("alert").textContent).toBe('"huge.bin" exceeds the 1 MB upload limit.');
    const pending = screen.getByRole("list", { name: "Files to send" });
    expect(within(pending).getByText("notes.txt")).toBeTruthy();
    expect(within(pending).queryByText("huge.bin")).toBeNull();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith(expect.objectContaining({ text: "", files: [small] }));
  });

  it("completes @mentions: everyone first, arrows to choose, Enter to insert", () => {
    const { box } = renderComposer();
    fireEvent.change(box, { target: { value: "hi @al", selectionStart: 6 } });
    const list = screen.getByRole("listbox", { name: "Mention suggestions" });
    expect(within(list).getAllByRole("option").map((o) => o.textContent)).toEqual(["@alice ", "@albert "]);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box.value).toBe("hi @albert ");
    expect(screen.queryByRole("listbox", { name: "Mention suggestions" })).toBeNull();
  });

  it("ranks candidates: prefix matches before inner matches, everyone included", () => {
    expect(mentionCandidates("", ["bob"])).toEqual(["everyone", "bob"]);
    expect(mentionCandidates("b", ["rob", "bob"])).toEqual(["bob", "rob"]);
    expect(mentionCandidates("ev", ["kevin"])).toEqual(["everyone", "kevin"]);
  });

  it("wraps the selection with Ctrl+B", () => {
    const { box } = renderComposer();
    fireEvent.change(box, { target: { value: "make this bold" } });
    box.setSelectionRange(10, 14);
    fireEvent.keyDown(box, { key: "b", ctrlKey: true });
    expect(box.value).toBe("make this **bold**");
  });

  it("has format buttons that wrap the selection or leave the caret inside a new pair", () => {
    const { box } = renderComposer({ channel: "format-buttons" });
    fireEvent.change(box, { target: { value: "strike that" } });
    box.setSelectionRange(7, 11);
    fireEvent.click(screen.getByRole("button", { name: "Strikethrough (Ctrl+S)" }));
    expect(box.value).toBe("strike ~~that~~");
    fireEvent.change(box, { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Italic (Ctrl+I)" }));
    expect(box.value).toBe("**");
    expect(document.activeElement).toBe(box);
  });

  it("inserts emoji at the caret from a searchable picker that stays open", () => {
    const { box } = renderComposer({ channel: "emoji" });
    fireEvent.change(box, { target: { value: "good job" } });
    box.setSelectionRange(4, 4);
    fireEvent.click(screen.getByRole("button", { name: "Emoji" }));
    const picker = screen.getByRole("dialog", { name: "Emoji" });
    fireEvent.change(within(picker).getByLabelText("Search emoji"), { target: { value: "thumbsup" } });
    fireEvent.keyDown(within(picker).getByLabelText("Search emoji"), { key: "Enter" });
    expect(box.value).toBe("good\u{1F44D} job");
    expect(screen.getByRole("dialog", { name: "Emoji" })).toBeTruthy();
    fireEvent.keyDown(within(picker).getByLabelText("Search emoji"), { key: "Escape" });
    expect(screen.queryByRole("dialog", { name: "Emoji" })).toBeNull();
  });

  it("shows a thumbnail for a pending image and a document icon for other files", () => {
    URL.createObjectURL = jest.fn(() => "blob:thumb");
    URL.revokeObjectURL = jest.fn();
    renderComposer({ channel: "thumbs" });
    const image = new File(["png"], "cat.png", { type: "image/png" });
    const text = new File(["hi"], "notes.txt", { type: "text/plain" });
    fireEvent.change(screen.getByTestId("file-input"), { target: { files: [image, text] } });
    expect(screen.getByRole("img", { name: "Preview of cat.png" }).getAttribute("src")).toBe("blob:thumb");
    expect(screen.queryByRole("img", { name: "Preview of notes.txt" })).toBeNull();
    expect(screen.getByText("2 B")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Remove cat.png" }));
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:thumb");
    expect(screen.queryByRole("img", { name: "Preview of cat.png" })).toBeNull();
  });

  it("keeps an unsent draft when the channel is left and opened again", () => {
    const { box } = renderComposer({ channel: "drafts" });
    fireEvent.change(box, { target: { value: "half a thought" } });
    cleanup();
    const again = renderComposer({ channel: "drafts" });
    expect(again.box.value).toBe("half a thought");
    cleanup();
    expect(renderComposer({ channel: "elsewhere" }).box.value).toBe("");
  });
});

describe("preview cards", () => {
  it("show a hostile page's title, description and domain as text, and drop a javascript: link", async () => {
    mockFetch({
      type: "og",
      url: "javascript:window.__xss=1",
      domain: "<b>evil</b>.example",
      title: "<img src=x onerror=\"window.__xss=1\">",
      description: "<script>window.__xss=1</script>",
      image: null,
    });
    render(<LinkPreview url="https://evil.example/" />);
    const card = await screen.findByTestId("link-preview");
    expect(within(card).getByText("<img src=x onerror=\"window.__xss=1\">")).toBeTruthy();
    expect(within(card).getByText("<script>window.__xss=1</script>")).toBeTruthy();
    expect(within(card).getByText("<b>evil</b>.example")).toBeTruthy();
    expect(card.querySelector("img, script, b")).toBeNull();
    expect(card.querySelector("a")?.getAttribute("href")).toBeNull();
  });

  it("say so when an image has gone (removed by retention)", async () => {
    render(<Attachment filename="0b7c4d2e111142228333944455556666.png" />);
    fireEvent.error(screen.getByRole("img", { name: "Uploaded image" }));
    expect(await screen.findByText("Image no longer available (removed after the retention period)")).toBeTruthy();
  });
});

describe("username completion", () => {
  const users = ["alice", "albert", "bob", "carla", "malcolm"];

  function Harness({ multiple = false, onSubmit = jest.fn() }: { multiple?: boolean; onSubmit?: () => void }) {
    const [value, setValue] = React.useState("");
    return <UserInput value={value} onChange={setValue} users={users} multiple={multiple} label="Usernames" onSubmit={onSubmit} />;
  }

  it("ranks prefixes first, then names containing the letters together, then spread out", () => {
    expect(fuzzyRank("al", users)).toEqual(["alice", "albert", "malcolm", "carla"]);
    expect(fuzzyRank("bb", users)).toEqual(["bob"]);
    expect(fuzzyRank("zz", users)).toEqual([]);
  });

  it("picks with the arrows and Enter, then Enter submits", () => {
    const onSubmit = jest.fn();
    render(<Harness onSubmit={onSubmit} />);
    const box = screen.getByRole("combobox", { name: "Usernames" }) as HTMLInputElement;
    fireEvent.change(box, { target: { value: "al" } });
    const list = screen.getByRole("listbox", { name: "Usernames suggestions" });
    expect(within(list).getAllByRole("option").map((o) => o.textContent)).toEqual(["alice", "albert", "malcolm", "carla"]);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box.value).toBe("albert");
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.queryByRole("listbox")).toBeNull();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("completes the last of a comma separated list with Tab, leaving out names already there; Esc closes the list only", () => {
    render(<Harness multiple />);
    const box = screen.getByRole("combobox", { name: "Usernames" }) as HTMLInputElement;
    fireEvent.change(box, { target: { value: "alice, a" } });
    expect(within(screen.getByRole("listbox")).queryByText("alice")).toBeNull();
    fireEvent.keyDown(box, { key: "Tab" });
    expect(box.value).toBe("alice, albert, ");
    fireEvent.change(box, { target: { value: "alice, albert, b" } });
    // fireEvent answers false when the key was used (so the dialog around it stays open).
    expect(fireEvent.keyDown(box, { key: "Escape" })).toBe(false);
    expect(screen.queryByRole("listbox")).toBeNull();
  });
});

describe("the sidebar", () => {
  const props = {
    channels: ["general", "software"],
    unreads: { general: 2, software: 5 },
    mentions: {},
    privates: [{ id: 3, channel: "private:3", name: "proj", unread: 1, members: ["alice", "bob"] }],
    dms: [{ channel: "dm:alice:bob", users: ["bob"], unread: 4 }],
    current: "general",
    online: { bob: "idle" },
    avatars: new Set<string>(),
    colors: {},
    onSelect: jest.fn(),
    onCloseDm: jest.fn(),
    onNewDm: jest.fn(),
    onNewPrivate: jest.fn(),
  };

  it("shows unread badges everywhere but the open channel", () => {
    render(<Sidebar {...props} />);
    expect(screen.getByRole("button", { name: "# general" }).querySelector(".unread-badge")).toBeNull();
    expect(within(screen.getByRole("button", { name: /# software/ })).getByLabelText("5 unread")).toBeTruthy();
    expect(within(screen.getByRole("button", { name: /proj/ })).getByLabelText("1 unread")).toBeTruthy();
    expect(within(screen.getByRole("button", { name: /@ bob/ })).getByLabelText("4 unread")).toBeTruthy();
  });

  it("gives mentions their own badge and count, apart from plain unread ones", () => {
    const mentions = { general: 1, software: 2, "private:3": 0, "dm:alice:bob": 1 };
    render(<Sidebar {...props} mentions={mentions} />);
    const software = screen.getByRole("button", { name: /# software/ });
    expect(within(software).getByLabelText("2 mentions, 5 unread").textContent).toBe("@2");
    expect(software.querySelector(".mention-badge")?.className).toContain("bg-mention-badge");
    expect(software.querySelector(".unread-badge")).toBeNull();
    // No mention: the plain unread badge, in the plain colour.
    const proj = screen.getByRole("button", { name: /proj/ });
    expect(within(proj).getByLabelText("1 unread").className).toContain("bg-badge");
    expect(proj.querySelector(".mention-badge")).toBeNull();
    expect(within(screen.getByRole("button", { name: /@ bob/ })).getByLabelText("1 mention, 4 unread")).toBeTruthy();
    // The open channel shows neither.
    expect(screen.getByRole("button", { name: "# general" }).querySelector(".mention-badge, .unread-badge")).toBeNull();
  });

  it("shows presence, selects channels and closes DMs", () => {
    render(<Sidebar {...props} />);
    expect(screen.getByRole("button", { name: /@ bob/ }).querySelector("[data-presence='idle']")).not.toBeNull();
    fireEvent.click(screen.getByRole("button", { name: /# software/ }));
    expect(props.onSelect).toHaveBeenCalledWith("software");
    fireEvent.click(screen.getByRole("button", { name: "Close conversation with bob" }));
    expect(props.onCloseDm).toHaveBeenCalledWith("dm:alice:bob");
  });
});

describe("the search panel", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("searches as you type, marks the matches, and jumps with the keyboard", async () => {
    const hits = [
      { id: 7, channel: "software", sender: "bob", content: "the vault key is here", ts: 1_700_000_000 },
      { id: 9, channel: "dm:alice:bob", sender: "alice", content: "VAULT again", ts: 1_700_000_100 },
    ];
    mockFetch(hits);
    const onJump = jest.fn();
    render(<SearchPanel me="alice" users={["bob"]} channels={[["software", "# software"], ["dm:alice:bob", "@ bob"]]} onJump={onJump} />);
    const input = screen.getByRole("combobox", { name: "Search messages" });
    fireEvent.change(input, { target: { value: "vault" } });
    await act(async () => {
      jest.advanceTimersByTime(300);
    });
    expect(global.fetch).toHaveBeenCalledWith(expect.stringMatching(/^\/search_messages\?q=vault&tz=[^&]+&context=1$/), expect.anything());
    const results = await screen.findByRole("listbox", { name: "Search results" });
    await waitFor(() => expect(within(results).getAllByRole("option")).toHaveLength(2));
    expect([...results.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["vault", "VAULT"]);
    expect(within(results).getByText(/# software/)).toBeTruthy();
    fireEvent.keyDown(input, { key: "ArrowDown" });
    // The box names the hit the arrows are on, for screen readers (the options hold no buttons of their own).
    expect(input).toHaveAttribute("aria-activedescendant", "search-hit-1");
    expect(within(results).getAllByRole("option")[1]).toHaveAttribute("aria-selected", "true");
    expect(within(results).queryAllByRole("button")).toHaveLength(0);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onJump).toHaveBeenCalledWith(hits[1]);
  });

  it("says so when nothing matches, and filters by channel and sender", async () => {
    mockFetch([]);
    render(<SearchPanel me="alice" users={["bob"]} channels={[["software", "# software"]]} onJump={jest.fn()} />);
    const input = screen.getByRole("combobox", { name: "Search messages" });
    fireEvent.focus(input);
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "bob" } });
    fireEvent.change(screen.getByLabelText("Channel"), { target: { value: "software" } });
    await act(async () => {
      jest.advanceTimersByTime(300);
    });
    expect(global.fetch).toHaveBeenLastCalledWith(expect.stringMatching(/^\/search_messages\?from=bob&channel=software&tz=[^&]+&context=1$/), expect.anything());
    expect(await screen.findByText("No matching messages")).toBeTruthy();
  });
});

describe("name colours", () => {
  /** WCAG 2 contrast of two `rgb(…)` or `#rrggbb` colours, worked out here independently of the app. */
  function contrast(a: string, b: string): number {
    const channels = (c: string) => (c.startsWith("#") ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : c.match(/\d+/g)!.slice(0, 3).map(Number));
    const lum = (c: string) => {
      const [r = 0, g = 0, bl = 0] = channels(c).map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [hi = 0, lo = 0] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }
  /** The page, sidebar and hovered-row backgrounds of each theme (app/globals.css). */
  const BACKGROUNDS = { dark: ["#1e1e1e", "#252526", "#2d2d30"], light: ["#f6f6f7", "#ffffff", "#eef0f2"] };
  const setTheme = (theme: "dark" | "light") =>
    (window.matchMedia = ((query: string) => ({ matches: theme === "light" && query.includes("light"), addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia);
  afterEach(() => {
    delete (window as { matchMedia?: unknown }).matchMedia;
  });

  it("keep a 3:1 contrast with every background of both themes, whatever colour was stored", () => {
    for (const theme of ["dark", "light"] as const) {
      setTheme(theme);
      for (const stored of ["#ffffff", "#e2d9f3", "#ffd93d", "#111111", "#7209b7", "#3a86ff"]) {
        const colors = { bob: stored };
        const { container, unmount } = render(
          <div>
            <Avatar name="bob" size={32} hasImage={false} colors={colors} />
            <SenderName name="bob" colors={colors} hasImage={false} version={0} />
          </div>,
        );
        const name = screen.getByRole("button", { name: "bob" }).style.color;
        const avatar = container.querySelector<HTMLElement>("[aria-hidden='true']")!;
        for (const background of BACKGROUNDS[theme]) {
          expect([theme, stored, background, contrast(name, background) >= 3]).toEqual([theme, stored, background, true]);
          expect([theme, stored, background, contrast(avatar.style.backgroundColor, background) >= 3]).toEqual([theme, stored, background, true]);
        }
        // The initials read well on the circle.
        expect(contrast(avatar.style.color, avatar.style.backgroundColor)).toBeGreaterThanOrEqual(4.5);
        unmount();
      }
    }
  });

  it("are drawn as stored when they already stand out", () => {
    setTheme("light");
    render(<SenderName name="bob" colors={{ bob: "#1d4ed8" }} hasImage={false} version={0} />);
    expect(screen.getByRole("button", { name: "bob" }).style.color).toBe("rgb(29, 78, 216)");
  });

  it("offer no white or near-white in the palette", () => {
    expect(NAME_COLOR_PRESETS).not.toContain("#ffffff");
    expect(NAME_COLOR_PRESETS).not.toContain("#e2d9f3");
  });
});
