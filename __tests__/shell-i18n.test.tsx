/**
 * The chat's shell in French (issue 16): the sidebar, the header, the message box, outgoing messages,
 * the typing line, help, the quick switcher and the window title draw their words from the catalogue
 * and their numbers in the page's language; icon-only buttons keep a name and a title.
 */
import React from "react";
import { SWRConfig } from "swr";
import { ChannelHeader } from "@/app/_components/chat/channel-header";
import { Composer } from "@/app/_components/chat/composer";
import { HelpModal } from "@/app/_components/chat/help-modal";
import { QuickSwitcher } from "@/app/_components/chat/quick-switcher";
import { OutgoingList, type Outgoing } from "@/app/_components/chat/sending";
import { Sidebar } from "@/app/_components/chat/sidebar";
import { TypingLine } from "@/app/_components/chat/typing";
import { useUnreadIndicators } from "@/app/_components/chat/unread-indicators";
import { COMMAND_LIST } from "@/lib/client/commands";
import type { Locale } from "@/lib/i18n/locales";
import { fireEvent, render, screen, within } from "./helpers/ui";

/**
 * A number as French writes it (its thousands separator is a narrow no-break space), as Testing Library
 * reads text: its matchers see every run of white space as one plain space.
 */
const fr = (n: number) => new Intl.NumberFormat("fr").format(n).replace(/\s/g, " ");
/** The same as an accessible name keeps it (role queries compare names exactly). */
const frName = (n: number) => new Intl.NumberFormat("fr").format(n);

const answer = (body: unknown, status = 200) => ({ ok: status < 400, status, json: async () => body, text: async () => JSON.stringify(body) });
beforeEach(() => {
  global.fetch = jest.fn(async () => answer(null, 204)) as unknown as typeof fetch;
});

/** No cache shared between tests: each starts as a fresh page. */
function Fresh({ children }: { children: React.ReactNode }) {
  return <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>{children}</SWRConfig>;
}

const sidebarProps = {
  channels: ["general", "software"],
  unreads: { general: 2, software: 1234 },
  mentions: { "dm:alice:bob": 1 },
  privates: [{ id: 3, channel: "private:3", name: "proj", unread: 1, members: ["alice", "bob"] }],
  dms: [{ channel: "dm:alice:bob", users: ["bob"], unread: 4 }],
  current: "general",
  online: {},
  avatars: new Set<string>(),
  colors: {},
  onSelect: jest.fn(),
  onCloseDm: jest.fn(),
  onNewDm: jest.fn(),
  onNewPrivate: jest.fn(),
};

describe("the sidebar in French", () => {
  it("names its sections and badges in French, with counts as French numbers and icons for + and ×", () => {
    render(<Sidebar {...sidebarProps} onBrowse={jest.fn()} />, { locale: "fr", wrapper: Fresh });
    expect(screen.getByRole("navigation", { name: "Canaux" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Canaux publics" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Canaux privés" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Messages directs" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Parcourir les canaux" })).toHaveTextContent("Parcourir");
    const software = screen.getByRole("button", { name: /# software/ });
    expect(within(software).getByLabelText(`${fr(1234)} non lus`)).toHaveTextContent(fr(1234));
    expect(within(screen.getByRole("button", { name: /proj/ })).getByLabelText("1 non lu")).toBeTruthy();
    expect(within(screen.getByRole("button", { name: /@ bob/ })).getByLabelText("1 mention, 4 non lus")).toBeTruthy();
    expect(screen.getByRole("button", { name: /proj/ })).toHaveAttribute("title", "Membres\u00a0: alice, bob");
    // Icon-only buttons: an SVG icon, a name and a title, no glyph.
    for (const name of ["Nouveau canal privé", "Nouveau message direct", "Fermer la conversation avec bob"]) {
      const button = screen.getAllByRole("button", { name }).at(-1)!;
      expect(button.querySelector("svg")).not.toBeNull();
      expect(button.textContent).toBe("");
      expect(button.getAttribute("title")).toBeTruthy();
    }
    expect(screen.getByRole("link", { name: "Forums" }).getAttribute("href")).toMatch(/^\/boards\/?$/);
  });
});

function renderHeader(locale: Locale) {
  const noop = () => undefined;
  render(
    <ChannelHeader
      me="alice"
      channel="private:3"
      title="proj"
      memberCount={1234}
      users={[]}
      channels={[]}
      hasAvatar={false}
      avatarVersion={0}
      colors={{}}
      presence={undefined}
      onOpenDrawer={noop}
      onRename={noop}
      onMembers={noop}
      onPins={noop}
      onSaved={noop}
      onJump={noop}
      onHelp={noop}
      onSettings={noop}
      onAccount={noop}
      onSignOut={noop}
      notify="mentions"
      onNotify={noop}
    />,
    { locale, wrapper: Fresh },
  );
}

describe("the channel header", () => {
  it("in French: its buttons, the notification levels and the member count as a French number", () => {
    renderHeader("fr");
    expect(screen.getByRole("button", { name: `${frName(1235)} membres` })).toHaveTextContent(fr(1235));
    for (const name of ["Ouvrir les canaux", "Renommer le canal", "Actions du canal", "Aide", "Paramètres"]) {
      const button = screen.getByRole("button", { name });
      expect(button.querySelector("svg")).not.toBeNull();
      expect(button).toHaveAttribute("title", name);
    }
    const levels = screen.getByRole("combobox", { name: "Notifications" });
    expect(within(levels).getAllByRole("option").map((o) => o.textContent)).toEqual(["Tout", "Mentions", "Aucune (muet)"]);
    expect((levels as HTMLSelectElement).value).toBe("mentions");
    expect(screen.getByRole("button", { name: "Messages épinglés" })).toHaveTextContent("Épinglés");
    expect(screen.getByRole("button", { name: "Messages enregistrés" })).toHaveTextContent("Enregistrés");
    expect(screen.getByRole("button", { name: "Se déconnecter" })).toBeTruthy();
  });

  it("in English: icons instead of the ☰ ✎ 👥 ⋯ ⚙ glyphs, the same names as before", () => {
    renderHeader("en");
    expect(screen.getByRole("button", { name: "1,235 members" })).toHaveTextContent("1,235");
    for (const name of ["Open channels", "Rename channel", "Channel actions", "Help", "Settings"]) {
      expect(screen.getByRole("button", { name }).querySelector("svg")).not.toBeNull();
    }
    expect(document.body.textContent).not.toMatch(/[\u2630\u270e\u22ef\u2699]|\u{1F465}/u);
  });
});

function renderComposer(locale: Locale, label = "# général") {
  render(
    <Composer channel="general" members={["bob"]} label={label} maxUploadMb={1} replyTo={null} onCancelReply={() => undefined} onSend={jest.fn()} enterSends />,
    { locale, wrapper: Fresh },
  );
}

describe("the message box in French", () => {
  it("is named and described in French; a file too large is refused in French, sizes in French units", () => {
    renderComposer("fr");
    const box = screen.getByRole("textbox", { name: "Envoyer un message à # général" });
    expect(box).toHaveAttribute("placeholder", "Écrivez un message…");
    expect(screen.getByRole("button", { name: "Joindre des fichiers" }).querySelector("svg")).not.toBeNull();
    expect(screen.getByRole("button", { name: "Gras (Ctrl+B)" }).querySelector("svg")).not.toBeNull();
    expect(screen.getByRole("button", { name: "Envoyer" })).toBeTruthy();
    const input = screen.getByTestId("file-input");
    fireEvent.change(input, { target: { files: [new File(["x".repeat(2 * 1024 * 1024)], "huge.bin"), new File(["y".repeat(1536)], "notes.txt")] } });
    expect(screen.getByRole("alert").textContent).toBe("«\u00a0huge.bin\u00a0» dépasse la limite de 1 Mo par fichier.");
    const files = screen.getByRole("list", { name: "Fichiers à envoyer" });
    expect(within(files).getByText("1,5 Ko")).toBeTruthy();
    expect(within(files).getByRole("button", { name: "Retirer notes.txt" }).querySelector("svg")).not.toBeNull();
  });

  it("suggests every slash command with its usage and help in French", () => {
    renderComposer("fr");
    fireEvent.change(screen.getByRole("textbox", { name: /^Envoyer un message/ }), { target: { value: "/" } });
    const options = within(screen.getByRole("listbox", { name: "Suggestions de commandes" })).getAllByRole("option");
    expect(options).toHaveLength(COMMAND_LIST.length);
    expect(options[0]).toHaveTextContent("/me <texte> Publier une action, affichée en italique à côté de votre nom");
    expect(options.find((o) => o.textContent?.startsWith("/mute"))).toHaveTextContent("/mute [canal] Mettre ce canal");
    for (const option of options) expect(option.textContent).not.toMatch(/shell\.|commands\./);
  });

  it("in English the suggestions read as the command list has them", () => {
    renderComposer("en", "# general");
    fireEvent.change(screen.getByRole("textbox", { name: "Message # general" }), { target: { value: "/" } });
    const options = within(screen.getByRole("listbox", { name: "Command suggestions" })).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(COMMAND_LIST.map((c) => `${c.usage} ${c.help}`));
  });
});

describe("outgoing messages and typing in French", () => {
  it("a failed message says why and offers to retry or discard, its file size in French units", () => {
    const item: Outgoing = { key: "k", channel: "general", text: "bonjour", files: [new File(["z".repeat(3 * 1024 * 1024)], "photo.jpg")], replyTo: null, progress: [0], status: "failed", error: "invalid channel" };
    render(<OutgoingList items={[item]} onRetry={jest.fn()} onDiscard={jest.fn()} />, { locale: "fr" });
    expect(screen.getByRole("list", { name: "Messages en cours d’envoi" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toMatch(/^Non envoyé\u00a0: invalid channel/);
    expect(screen.getByRole("button", { name: "Réessayer" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Abandonner" })).toBeTruthy();
    expect(screen.getByText("3,0 Mo")).toBeTruthy();
  });

  it("who is typing", () => {
    const { rerender } = render(<TypingLine typers={["bob"]} />, { locale: "fr" });
    expect(screen.getByTestId("typing").textContent).toBe("bob est en train d’écrire…");
    rerender(<TypingLine typers={["bob", "carol"]} />);
    expect(screen.getByTestId("typing").textContent).toBe("bob et carol sont en train d’écrire…");
    rerender(<TypingLine typers={["bob", "carol", "dave"]} />);
    expect(screen.getByTestId("typing").textContent).toBe("Plusieurs personnes sont en train d’écrire…");
  });
});

describe("help and the quick switcher in French", () => {
  it("help lists the keys with French key names and the file limits as French numbers", () => {
    render(<HelpModal maxUploadMb={2048} maxAvatarMb={5} onClose={jest.fn()} />, { locale: "fr" });
    const help = screen.getByRole("dialog", { name: "Aide" });
    expect(within(help).getByRole("heading", { name: "Raccourcis clavier" })).toBeTruthy();
    expect(within(help).getByRole("heading", { name: "Sélecteur rapide (Ctrl+K)" })).toBeTruthy();
    expect(within(help).getByText("Ctrl+molette")).toBeTruthy();
    expect(within(help).getAllByText("Échap").length).toBeGreaterThan(0);
    expect(within(help).getByText(`Joignez, collez ou déposez des fichiers jusqu’à ${fr(2048)} Mo ; avatars jusqu’à 5 Mo.`)).toBeTruthy();
    expect(help.textContent).toContain("En ligne – utilise l’application en ce moment");
  });

  it("the switcher's box, hints and badges", () => {
    const items = [
      { channel: "general", kind: "channel" as const, label: "general", unread: 1500, mentions: 0 },
      { channel: "private:3", kind: "private" as const, label: "proj", unread: 0, mentions: 2 },
      { channel: "dm:alice:carol", kind: "person" as const, label: "carol", unread: 0, mentions: 0 },
    ];
    render(<QuickSwitcher items={items} current="random" onPick={jest.fn()} onClose={jest.fn()} />, { locale: "fr" });
    const dialog = screen.getByRole("dialog", { name: "Changer de canal" });
    const box = within(dialog).getByRole("combobox", { name: "Trouver un canal, une conversation ou une personne" });
    expect(box).toHaveAttribute("placeholder", "Trouver des canaux, des conversations et des personnes");
    expect(dialog.textContent).toContain("Récents · ↑↓ pour se déplacer · Entrée pour ouvrir · Échap pour fermer");
    const option = (channel: string) => within(dialog).getAllByRole("option").find((o) => o.getAttribute("data-channel") === channel)!;
    expect(within(option("general")).getByLabelText(`${fr(1500)} non lus`)).toHaveTextContent(fr(1500));
    expect(within(option("private:3")).getByLabelText("2 mentions")).toBeTruthy();
    expect(option("private:3")).toHaveTextContent(", canal privé");
    expect(option("dm:alice:carol")).toHaveTextContent("ouvrir un message direct");
    fireEvent.change(box, { target: { value: "zzzz" } });
    expect(within(dialog).getByRole("status")).toHaveTextContent("Aucun résultat");
  });
});

function TitleOf({ total }: { total: number }) {
  useUnreadIndicators(total, 0);
  return null;
}

describe("the window title", () => {
  it("counts unread messages as the page's language writes numbers", () => {
    const { rerender } = render(<TitleOf total={1234} />, { locale: "fr" });
    expect(document.title).toBe(`(1\u202f234) MiniMost`);
    rerender(<TitleOf total={0} />);
    expect(document.title).toBe("MiniMost");
  });

  it("in English as before", () => {
    render(<TitleOf total={3} />);
    expect(document.title).toBe("(3) MiniMost");
  });
});
