import { act, cleanup, fireEvent, render, screen, testRouter, waitFor, within } from "./helpers/ui";
import { SettingsModal } from "@/app/_components/chat/settings-modal";
import { LANGUAGE_COOKIE } from "@/lib/i18n/locales";

/**
 * The language setting in Settings → General (issue 16): the browser's language, English or French,
 * kept for the account through POST /settings; the page is then drawn again in the new language
 * (router.refresh). A refusal puts the previous choice back and says so.
 */
let posts: { path: string; body: unknown }[];
let stored: string | null;
let refuse: boolean;

/** The parts of a fetch answer the client reads. */
const reply = (status: number, body: unknown) => ({
  ok: status < 400,
  status,
  headers: new Headers(),
  json: async () => body,
  text: async () => JSON.stringify(body),
});

beforeEach(() => {
  posts = [];
  stored = null;
  refuse = false;
  testRouter.refresh.mockClear();
  document.cookie = `${LANGUAGE_COOKIE}=; path=/; max-age=0`;
  window.matchMedia = jest.fn(() => ({ matches: false, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList);
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (init?.method === "POST") {
      const body = JSON.parse(String(init.body)) as { language?: string | null };
      posts.push({ path, body });
      if (refuse) return reply(500, { error: "internal error" });
      if (path === "/settings" && "language" in body) stored = body.language ?? null;
      return reply(200, { ok: true });
    }
    const body = path === "/settings" ? { theme: null, language: stored, name_color: null, bio: null } : [];
    return reply(200, body);
  }) as unknown as typeof fetch;
});
afterEach(cleanup);

const languageGroup = () => screen.getByRole("group", { name: "Language" });
const languageRadio = (name: string) => within(languageGroup()).getByRole("radio", { name });

describe("the language setting", () => {
  it("offers the browser's language, English and French, with the account's choice checked", async () => {
    render(<SettingsModal onClose={() => undefined} />);
    expect(within(languageGroup()).getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual(["browser", "en", "fr"]);
    expect(languageRadio("Same as the browser")).toBeInTheDocument();
    expect(languageRadio("English")).toBeInTheDocument();
    // Each language is named in itself, and marked as such for a screen reader's voice.
    expect(languageRadio("Français").closest("label")?.getAttribute("lang")).toBe("fr");
    // Until the account's setting is read nothing is checked; then its choice (none: the browser's).
    await waitFor(() => expect(languageRadio("Same as the browser")).toBeChecked());
    expect(languageRadio("English")).not.toBeChecked();
    expect(languageRadio("Français")).not.toBeChecked();
  });

  it("saves French for the account, remembers it in this browser and draws the page again", async () => {
    render(<SettingsModal onClose={() => undefined} />);
    await waitFor(() => expect(languageRadio("Same as the browser")).toBeChecked());
    await act(async () => fireEvent.click(languageRadio("Français")));
    expect(posts).toEqual([{ path: "/settings", body: { language: "fr" } }]);
    expect(languageRadio("Français")).toBeChecked();
    expect(testRouter.refresh).toHaveBeenCalledTimes(1);
    expect(document.cookie).toContain(`${LANGUAGE_COOKIE}=fr`);
    expect(screen.queryByRole("alert")).toBeNull();

    // Back to the browser's language: stored as null (no language of its own).
    await act(async () => fireEvent.click(languageRadio("Same as the browser")));
    expect(posts.at(-1)).toEqual({ path: "/settings", body: { language: null } });
    expect(testRouter.refresh).toHaveBeenCalledTimes(2);
    expect(document.cookie).not.toContain(`${LANGUAGE_COOKIE}=`);
  });

  it("puts the previous choice back, with an alert, when the server refuses", async () => {
    stored = "en";
    render(<SettingsModal onClose={() => undefined} />);
    await waitFor(() => expect(languageRadio("English")).toBeChecked());
    refuse = true;
    await act(async () => fireEvent.click(languageRadio("Français")));
    expect(posts).toEqual([{ path: "/settings", body: { language: "fr" } }]);
    expect(within(languageGroup()).getByRole("alert")).toHaveTextContent("Could not save the language; it is back as it was.");
    expect(languageRadio("English")).toBeChecked();
    expect(languageRadio("Français")).not.toBeChecked();
    expect(testRouter.refresh).not.toHaveBeenCalled();
    expect(document.cookie).not.toContain(`${LANGUAGE_COOKIE}=fr`);

    // The next choice that the server takes clears the alert.
    refuse = false;
    await act(async () => fireEvent.click(languageRadio("Français")));
    expect(languageRadio("Français")).toBeChecked();
    expect(within(languageGroup()).queryByRole("alert")).toBeNull();
    expect(testRouter.refresh).toHaveBeenCalledTimes(1);
  });
});
