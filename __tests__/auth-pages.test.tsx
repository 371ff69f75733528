import { cleanup, fireEvent, render, screen } from "./helpers/ui";
import { authErrorText } from "@/app/(auth)/error-text";
import { PasswordField } from "@/app/(auth)/password-field";
import { PasswordRules } from "@/app/(auth)/password-rules";
import { MESSAGES, protectedUsernameMessage } from "@/lib/auth/rules";
import { translatorFor } from "@/lib/i18n/translate";

/** The sign-in pages' own parts: the password checklist and field, and refusals in the page's language. */
afterEach(cleanup);

const rules = () => screen.getByRole("list", { name: /Password rules|Règles du mot de passe/ });

describe("the password checklist", () => {
  it("marks each rule met or not, in words for a screen reader and with an icon", () => {
    render(<PasswordRules password="abcdefgh" confirm="abcdefgX" />);
    const items = screen.getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      " 8+ characters (met)",
      " One uppercase letter (not met)",
      " One number (not met)",
      " One special character (not met)",
      " Passwords do not match",
    ]);
    for (const li of items) expect(li.querySelector("svg[aria-hidden='true']")).not.toBeNull();
    expect(items[0]).toHaveClass("text-ok");
    expect(items[1]).toHaveClass("text-danger");
  });

  it("shows nothing met or missed before a password is typed", () => {
    render(<PasswordRules password="" confirm="" />);
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual([" 8+ characters", " One uppercase letter", " One number", " One special character"]);
  });

  it("speaks French on a French page", () => {
    render(<PasswordRules password="Abcdefg1!" confirm="Abcdefg1!" />, { locale: "fr" });
    expect(rules()).toHaveTextContent("8 caractères ou plus (respectée)");
    expect(rules()).toHaveTextContent("Un caractère spécial (respectée)");
    expect(screen.getByText("Les mots de passe correspondent")).toBeInTheDocument();
  });
});

describe("the password field", () => {
  it("shows and hides the password, in the page's language", () => {
    render(<PasswordField name="password" label="Mot de passe" autoComplete="current-password" />, { locale: "fr" });
    const input = screen.getByLabelText("Mot de passe");
    expect(input).toHaveAttribute("type", "password");
    fireEvent.click(screen.getByRole("button", { name: "Afficher" }));
    expect(input).toHaveAttribute("type", "text");
    expect(screen.getByRole("button", { name: "Masquer" })).toHaveAttribute("aria-pressed", "true");
  });
});

describe("refusals on the sign-in pages", () => {
  const en = translatorFor("en", "auth");
  const fr = translatorFor("fr", "auth");

  it("keeps the account rules' English words on an English page", () => {
    for (const message of Object.values(MESSAGES)) expect(authErrorText(message, en)).toBe(message);
    expect(authErrorText(protectedUsernameMessage("System"), en)).toBe(protectedUsernameMessage("System"));
  });

  it("words them in French on a French page", () => {
    expect(authErrorText(MESSAGES.invalidCredentials, fr)).toBe("Identifiants incorrects");
    expect(authErrorText(MESSAGES.passwordShort, fr)).toBe("Le mot de passe doit contenir au moins 8 caractères");
    expect(authErrorText(protectedUsernameMessage("System"), fr)).toBe("«\u00a0System\u00a0» est un nom d’utilisateur réservé");
    expect(fr("errors.rateLimited", { wait: 12 })).toBe("Trop de tentatives depuis votre adresse. Réessayez dans 12\u00a0s.");
  });

  it("shows a refusal it does not know as the server worded it", () => {
    expect(authErrorText("Something new", fr)).toBe("Something new");
  });
});
