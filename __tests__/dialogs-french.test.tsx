import { act, cleanup, fireEvent, getDefaultNormalizer, render, screen, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { BrowseChannels } from "@/app/_components/chat/browse-channels";
import { ConfirmDeleteModal } from "@/app/_components/chat/confirm-delete-modal";
import type { PublicChannelEntry } from "@/app/_components/chat/data/channels";
import { SettingsModal } from "@/app/_components/chat/settings-modal";
import { messageRow } from "./helpers/message-row";

/**
 * The dialogs in French (issue 16): their text from the French catalogue with French typography (a
 * no-break space before ":" and "?"), numbers and dates in French formats, and the dialogs' close
 * button an icon with a translated name.
 */
const NBSP = "\u00a0";
const NNBSP = "\u202f"; // French digit grouping

/** Text matched as written: the default matcher would turn the no-break spaces into plain ones. */
const asWritten = { normalizer: getDefaultNormalizer({ collapseWhitespace: false }) };

let answers: Record<string, unknown>;

beforeEach(() => {
  answers = {};
  window.matchMedia = jest.fn(() => ({ matches: false, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList);
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const body = init?.method === "POST" ? { ok: true } : (answers[path] ?? []);
    return { ok: true, status: 200, headers: new Headers(), json: async () => body, text: async () => JSON.stringify(body) };
  }) as unknown as typeof fetch;
});
afterEach(cleanup);

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));

describe("the dialogs in French", () => {
  it("Settings speaks French, its close button is a named icon, and the text size is a French number", async () => {
    answers["/settings"] = { theme: null, language: "fr" };
    const onClose = jest.fn();
    render(<SettingsModal onClose={onClose} />, { locale: "fr" });
    await settle();
    const dialog = screen.getByRole("dialog", { name: "Paramètres" });
    expect(within(dialog).getByRole("tab", { name: "Général" })).toHaveAttribute("aria-selected", "true");
    expect(within(dialog).getByRole("tab", { name: "Intégrations" })).toBeInTheDocument();
    expect(within(dialog).getByRole("radio", { name: "Clair" })).toBeInTheDocument();
    expect(within(dialog).getByRole("radio", { name: "Système (suit votre appareil)" })).toBeInTheDocument();
    expect(within(dialog).getByText(`Taille du texte${NBSP}: 14${NBSP}px`, asWritten)).toBeInTheDocument();
    expect(within(dialog).getByRole("radio", { name: "Français" })).toBeChecked();

    const close = within(dialog).getByRole("button", { name: "Fermer" });
    expect(close).toHaveAttribute("title", "Fermer");
    expect(close.querySelector("svg")).not.toBeNull();
    expect(close.textContent).toBe(""); // an icon, no "×" glyph a font may lack
    fireEvent.click(close);
    expect(onClose).toHaveBeenCalled();
  });

  it("the integrations list dates in French and names an empty one Jamais", async () => {
    answers["/tokens"] = [{ id: "tok000000001", name: "nightly", created: 1_800_000_000, last_used: null, expires: null, read_only: true }];
    render(
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <SettingsModal me="alice" onClose={() => undefined} />
      </SWRConfig>,
      { locale: "fr" },
    );
    fireEvent.click(screen.getByRole("tab", { name: "Intégrations" }));
    const list = await screen.findByRole("list", { name: "Vos jetons" });
    expect(within(list).getByText("lecture seule")).toBeInTheDocument();
    // 1 800 000 000 s is 15 January 2027 (08:00 UTC): "15 janv. 2027, …" in French, whatever the zone here.
    const created = within(list).getByText(`Créé${NBSP}:`, asWritten).nextElementSibling;
    expect(created?.textContent).toMatch(/^15 janv\. 2027/);
    expect(within(list).getByText(`Dernière utilisation${NBSP}:`, asWritten).nextElementSibling).toHaveTextContent("Jamais");
    expect(within(list).getByRole("button", { name: "Révoquer" })).toBeInTheDocument();
    fireEvent.click(within(list).getByRole("button", { name: "Révoquer" }));
    expect(within(list).getByText(`Révoquer «${NBSP}nightly${NBSP}»${NBSP}? Les scripts qui l’utilisent cessent aussitôt de fonctionner.`, asWritten)).toBeInTheDocument();
    expect(within(list).getByRole("button", { name: "Oui, révoquer" })).toBeInTheDocument();
    const form = screen.getByRole("form", { name: "Créer un jeton" });
    expect([...(within(form).getByLabelText("Expire") as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(["Jamais", "30 jours", "90 jours", "365 jours"]);
  });

  it("Browse channels counts members in French (grouped digits, singular for one) and checks names in French", async () => {
    const entry = (id: string, extra: Partial<PublicChannelEntry>): PublicChannelEntry => ({
      id, name: id, purpose: "", archived: false, configured: false, member_count: 2, joined: true, can_manage: true, ...extra,
    });
    answers["/channels/browse"] = [entry("general", { member_count: 1234, configured: true }), entry("design", { member_count: 1, joined: false }), entry("old", { archived: true, joined: false })];
    render(
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <BrowseChannels onOpen={() => undefined} onClose={() => undefined} />
      </SWRConfig>,
      { locale: "fr" },
    );
    const list = await screen.findByRole("list", { name: "Canaux publics" });
    expect(within(within(list).getByRole("listitem", { name: "general" })).getByText(`1${NNBSP}234 membres`, asWritten)).toBeInTheDocument();
    expect(within(within(list).getByRole("listitem", { name: "design" })).getByText("1 membre")).toBeInTheDocument();
    expect(within(within(list).getByRole("listitem", { name: "old" })).getByText("archivé")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Rejoindre design" })).toHaveTextContent("Rejoindre");
    expect(screen.getByRole("button", { name: "Désarchiver old" })).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Nouveau canal" }));
    const form = screen.getByRole("form", { name: "Nouveau canal" });
    fireEvent.change(within(form).getByLabelText("Nom"), { target: { value: "deux mots" } });
    fireEvent.click(within(form).getByRole("button", { name: "Créer" }));
    expect(within(form).getByRole("alert").textContent).toBe(`Un nom de canal ne peut contenir ni espace, ni «${NBSP}:${NBSP}», «${NBSP}/${NBSP}» ou «${NBSP}\\${NBSP}».`);
    fireEvent.change(within(form).getByLabelText("Nom"), { target: { value: "x".repeat(81) } });
    fireEvent.click(within(form).getByRole("button", { name: "Créer" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Un nom de canal compte au plus 80 caractères.");
  });

  it("asks before deleting a message, in French", () => {
    const onConfirm = jest.fn();
    render(<ConfirmDeleteModal message={messageRow(1, "bob", "à bientôt")} onCancel={() => undefined} onConfirm={onConfirm} />, { locale: "fr" });
    const dialog = screen.getByRole("dialog", { name: "Supprimer le message" });
    expect(within(dialog).getByText(`Supprimer ce message${NBSP}? Cette action est irréversible.`, asWritten)).toBeInTheDocument();
    expect(within(dialog).getByText("à bientôt")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Supprimer" })).toHaveFocus();
    fireEvent.click(within(dialog).getByRole("button", { name: "Supprimer" }));
    expect(onConfirm).toHaveBeenCalled();
  });
});
