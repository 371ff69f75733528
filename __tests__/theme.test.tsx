import { act, cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SettingsModal } from "@/app/_components/chat/settings-modal";
import { useServerTheme, useTheme } from "@/app/_components/chat/theme";
import { THEME_COOKIE, themeScript, type ThemeChoice } from "@/lib/client/theme-choice";

/**
 * The theme choice: light, dark or the system's, picked in Settings → General, stored on the server,
 * drawn on <html data-theme> (what app/globals.css keys on) and following the system setting live.
 */

/** A prefers-color-scheme: light query whose answer the test flips, as a system switch would. */
function fakeSystem(light: boolean) {
  const listeners = new Set<(e: MediaQueryListEvent) => void>();
  const query = {
    get matches() {
      return light;
    },
    media: "(prefers-color-scheme: light)",
    addEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => listeners.delete(fn),
  };
  window.matchMedia = jest.fn(() => query as unknown as MediaQueryList);
  return {
    set(next: boolean) {
      light = next;
      for (const fn of [...listeners]) fn({ matches: next } as MediaQueryListEvent);
    },
    listeners,
  };
}

let posts: { path: string; body: string }[];
let settingsStatus: number;
const html = document.documentElement;

beforeEach(() => {
  posts = [];
  settingsStatus = 200;
  html.removeAttribute("data-theme");
  html.removeAttribute("data-theme-choice");
  document.cookie = `${THEME_COOKIE}=; path=/; max-age=0`;
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (init?.method === "POST") posts.push({ path, body: String(init.body ?? "") });
    const status = path === "/settings" ? settingsStatus : 200;
    const body = path === "/tokens" || path === "/bots" ? [] : "ok";
    return { ok: status < 400, status, headers: new Headers(), json: async () => body, text: async () => (typeof body === "string" ? body : JSON.stringify(body)) };
  }) as unknown as typeof fetch;
});
afterEach(cleanup);

function ThemeProbe() {
  return <p data-testid="probe">{useTheme()}</p>;
}

const themeRadio = (name: RegExp) => within(screen.getByRole("group", { name: "Theme" })).getByRole("radio", { name });

describe("the theme setting", () => {
  it("is chosen in Settings → General, drawn at once, remembered for the next first paint and stored on the server", async () => {
    fakeSystem(false);
    render(
      <>
        <SettingsModal onClose={() => undefined} />
        <ThemeProbe />
      </>,
    );
    expect(themeRadio(/System/)).toBeChecked();
    fireEvent.click(themeRadio(/^Light$/));
    expect(html.getAttribute("data-theme")).toBe("light");
    expect(html.getAttribute("data-theme-choice")).toBe("light");
    expect(screen.getByTestId("probe").textContent).toBe("light");
    expect(document.cookie).toContain(`${THEME_COOKIE}=light`);
    await waitFor(() => expect(posts).toEqual([{ path: "/settings", body: JSON.stringify({ theme: "light" }) }]));
    expect(themeRadio(/^Light$/)).toBeChecked();

    fireEvent.click(themeRadio(/^Dark$/));
    expect(html.getAttribute("data-theme")).toBe("dark");
    await waitFor(() => expect(posts.at(-1)).toEqual({ path: "/settings", body: JSON.stringify({ theme: "dark" }) }));
  });

  it("goes back to the previous choice and says so when the server refuses it", async () => {
    fakeSystem(false);
    render(<SettingsModal onClose={() => undefined} />);
    fireEvent.click(themeRadio(/^Dark$/));
    await waitFor(() => expect(posts).toHaveLength(1));
    settingsStatus = 500;
    fireEvent.click(themeRadio(/^Light$/));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not save the theme");
    expect(html.getAttribute("data-theme")).toBe("dark");
    expect(themeRadio(/^Dark$/)).toBeChecked();
    expect(document.cookie).toContain(`${THEME_COOKIE}=dark`);
  });

  it("System follows prefers-color-scheme live, and an explicit choice does not", async () => {
    const system = fakeSystem(true);
    html.setAttribute("data-theme-choice", "dark"); // as the layout draws it from a cookie
    html.setAttribute("data-theme", "dark");
    render(
      <>
        <SettingsModal onClose={() => undefined} />
        <ThemeProbe />
      </>,
    );
    fireEvent.click(themeRadio(/System/));
    expect(html.getAttribute("data-theme")).toBe("light");
    act(() => system.set(false));
    expect(html.getAttribute("data-theme")).toBe("dark");
    expect(screen.getByTestId("probe").textContent).toBe("dark");
    act(() => system.set(true));
    expect(html.getAttribute("data-theme")).toBe("light");
    expect(screen.getByTestId("probe").textContent).toBe("light");

    fireEvent.click(themeRadio(/^Dark$/));
    act(() => system.set(false));
    act(() => system.set(true));
    expect(html.getAttribute("data-theme")).toBe("dark");
    expect(screen.getByTestId("probe").textContent).toBe("dark");
    await waitFor(() => expect(posts.map((p) => JSON.parse(p.body).theme)).toEqual(["system", "dark"]));
  });

  it("the page drawn in the account's choice brings this browser's cookie in line for the sign-in pages", () => {
    fakeSystem(false);
    html.setAttribute("data-theme-choice", "light"); // the layout read the account's setting
    html.setAttribute("data-theme", "light");
    document.cookie = `${THEME_COOKIE}=dark; path=/`;
    function Chat() {
      useServerTheme("light");
      return null;
    }
    render(<Chat />);
    expect(document.cookie).toContain(`${THEME_COOKIE}=light`);
    expect(html.getAttribute("data-theme")).toBe("light");
  });

  it("the server's setting wins over this browser's cookie when the chat opens from the sign-in page", () => {
    fakeSystem(false);
    html.setAttribute("data-theme-choice", "dark");
    document.cookie = `${THEME_COOKIE}=dark; path=/`;
    function Chat({ theme }: { theme: ThemeChoice }) {
      useServerTheme(theme);
      return <ThemeProbe />;
    }
    render(<Chat theme="light" />);
    expect(html.getAttribute("data-theme")).toBe("light");
    expect(html.getAttribute("data-theme-choice")).toBe("light");
    expect(document.cookie).toContain(`${THEME_COOKIE}=light`);
    expect(screen.getByTestId("probe").textContent).toBe("light");
  });
});

describe("the first-paint script", () => {
  // The same text the root layout inlines into every page.
  const run = (script: string) => new Function(script)();

  it("resolves System from the media query before React runs, and follows it", () => {
    const system = fakeSystem(true);
    html.setAttribute("data-theme-choice", "system");
    run(themeScript());
    expect(html.getAttribute("data-theme")).toBe("light");
    system.set(false);
    expect(html.getAttribute("data-theme")).toBe("dark");
    system.listeners.clear();
  });

  it("draws an explicit choice whatever the system says; with no choice at all, the system's", () => {
    fakeSystem(true);
    html.setAttribute("data-theme-choice", "dark");
    run(themeScript());
    expect(html.getAttribute("data-theme")).toBe("dark");
    html.removeAttribute("data-theme-choice");
    run(themeScript());
    expect(html.getAttribute("data-theme")).toBe("light");
  });
});
