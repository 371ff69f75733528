import { cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { Composer } from "@/app/_components/chat/composer";
import { shortcodeAt } from "@/app/_components/chat/emoji-suggest";

/** The composer's `:` autocomplete, as a user types into the real composer. */
beforeEach(() => {
  global.fetch = jest.fn(async () => ({ ok: true, status: 200, json: async () => ({}), text: async () => "" })) as unknown as typeof fetch;
});
afterEach(cleanup);

function renderComposer() {
  const onSend = jest.fn();
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <Composer channel="general" members={["bob"]} label="# general" maxUploadMb={1} replyTo={null} onCancelReply={() => undefined} onSend={onSend} enterSends />
    </SWRConfig>,
  );
  return { onSend, box: screen.getByRole("textbox", { name: "Message # general" }) as HTMLTextAreaElement };
}

const type = (box: HTMLTextAreaElement, value: string) => fireEvent.change(box, { target: { value, selectionStart: value.length } });
const list = () => screen.queryByRole("listbox", { name: "Emoji suggestions" });
const selected = () => within(list()!).getAllByRole("option").find((o) => o.getAttribute("aria-selected") === "true")?.textContent;

describe("the `:` emoji autocomplete", () => {
  it("opens after `:` and two characters, not before, and not inside a time or a word", () => {
    const { box } = renderComposer();
    type(box, "well :t");
    expect(list()).toBeNull();
    type(box, "well :ta");
    expect(list()).not.toBeNull();
    expect(within(list()!).getAllByRole("option")[0]).toHaveTextContent("🎉:tada:");
    type(box, "at 12:30");
    expect(list()).toBeNull();
    type(box, "http://example");
    expect(list()).toBeNull();
  });

  it("inserts the chosen emoji in place of what was typed with Enter, without sending", () => {
    const { box, onSend } = renderComposer();
    type(box, "well done :tad");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box.value).toBe("well done 🎉 ");
    expect(list()).toBeNull();
    expect(onSend).not.toHaveBeenCalled();
  });

  it("moves with ↓ and ↑ (wrapping) and inserts with Tab", () => {
    const { box } = renderComposer();
    type(box, ":thu");
    const first = selected();
    expect(first).toBe("👍:thumbsup:");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    const second = selected();
    expect(second).not.toBe(first);
    fireEvent.keyDown(box, { key: "ArrowUp" });
    fireEvent.keyDown(box, { key: "ArrowUp" });
    const last = within(list()!).getAllByRole("option").at(-1)!.textContent;
    expect(selected()).toBe(last);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Tab" });
    expect(box.value).toBe("👍 ");
  });

  it("closes with Esc, leaving the text, and Enter then sends as usual", () => {
    const { box, onSend } = renderComposer();
    type(box, "see :rock");
    fireEvent.keyDown(box, { key: "Escape" });
    expect(list()).toBeNull();
    expect(box.value).toBe("see :rock");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith(expect.objectContaining({ text: "see :rock" }));
  });

  it("inserts with a click", () => {
    const { box } = renderComposer();
    type(box, "go :rocke");
    fireEvent.mouseDown(within(list()!).getByText(":rocket:"));
    expect(box.value).toBe("go 🚀 ");
  });

  it("reads the shortcode before the caret only", () => {
    expect(shortcodeAt("a :smi b", 6)).toEqual({ start: 2, query: "smi" });
    expect(shortcodeAt("a :smi b", 8)).toBeNull();
    expect(shortcodeAt(":+1", 3)).toEqual({ start: 0, query: "+1" });
    expect(shortcodeAt("done:ta", 7)).toBeNull();
  });
});
