import { act, cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { MessageItem } from "@/app/_components/chat/message-item";
import { messageRow } from "./helpers/message-row";
import { messageContext } from "./helpers/message-context";

/** Images in messages open in a viewer with previous/next over the channel view's images. */
beforeEach(() => {
  global.fetch = jest.fn(async () => ({ ok: true, status: 200, json: async () => [], text: async () => "" })) as unknown as typeof fetch;
});
afterEach(cleanup);

const ctx = messageContext();

async function channel() {
  const rows = [
    messageRow(1, "bob", "", { filename: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png" }),
    messageRow(2, "alice", "just text"),
    messageRow(3, "bob", "", { filename: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg" }),
    messageRow(4, "bob", "", { filename: "cccccccccccccccccccccccccccccccc.pdf" }),
    messageRow(5, "alice", "", { filename: "dddddddddddddddddddddddddddddddd.webp" }),
  ];
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <button type="button">elsewhere</button>
      <div role="log" aria-label="Messages">
        {rows.map((m) => <MessageItem key={m.id} message={m} compact={false} ctx={ctx} />)}
      </div>
    </SWRConfig>,
  );
  // Let the rows' data hooks (bots, quoted messages) settle before the user acts.
  await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
}

const shown = () => within(screen.getByRole("dialog")).getAllByRole("img")[0]!.getAttribute("src");
const imageLink = (n: number) => screen.getAllByRole("img", { name: "Uploaded image" })[n]!;

describe("the image viewer", () => {
  it("opens on a click on an image in a message, at that image, focus inside", async () => {
    await channel();
    expect(screen.queryByRole("dialog")).toBeNull();
    fireEvent.click(imageLink(1));
    const dialog = screen.getByRole("dialog", { name: "Image 2 of 3" });
    expect(shown()).toBe("/files/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg");
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(within(dialog).getByRole("link", { name: "Open original" }).getAttribute("href")).toBe("/files/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg");
  });

  it("moves over the channel's images with next/previous and the arrow keys, stopping at the ends", async () => {
    await channel();
    fireEvent.click(imageLink(0));
    expect(shown()).toBe("/files/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png");
    expect(screen.getByRole("button", { name: "Previous image" })).toBeDisabled();
    fireEvent.click(screen.getByRole("button", { name: "Next image" }));
    expect(shown()).toBe("/files/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(shown()).toBe("/files/dddddddddddddddddddddddddddddddd.webp");
    expect(screen.getByRole("dialog", { name: "Image 3 of 3" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Next image" })).toBeDisabled();
    fireEvent.keyDown(document.body, { key: "ArrowRight" });
    expect(shown()).toBe("/files/dddddddddddddddddddddddddddddddd.webp");
    fireEvent.keyDown(document.body, { key: "ArrowLeft" });
    fireEvent.click(screen.getByRole("button", { name: "Previous image" }));
    expect(shown()).toBe("/files/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png");
  });

  it("closes on Esc and gives focus back to the image's link", async () => {
    await channel();
    const link = imageLink(2).closest("a")!;
    link.focus();
    fireEvent.click(link);
    expect(shown()).toBe("/files/dddddddddddddddddddddddddddddddd.webp");
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(link);
  });

  it("keeps Tab inside the viewer, and closes with its button", async () => {
    await channel();
    fireEvent.click(imageLink(1));
    const dialog = screen.getByRole("dialog");
    for (let i = 0; i < 6; i++) {
      fireEvent.keyDown(document.activeElement!, { key: "Tab", shiftKey: i % 2 === 1 });
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    screen.getByRole("button", { name: "elsewhere" }).focus();
    fireEvent.keyDown(document.activeElement!, { key: "Tab" });
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.click(within(dialog).getByRole("button", { name: "Close image viewer" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("leaves Ctrl-click to the browser (the original in a new tab)", async () => {
    await channel();
    fireEvent.click(imageLink(0), { ctrlKey: true });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
