import { MESSAGES, passwordChecklist, passwordProblem, signupProblem } from "@/lib/auth/rules";

describe("password rules (spec §3.1), first failure wins", () => {
  it.each([
    ["Ab1!", MESSAGES.passwordShort],
    ["A1!" + "a".repeat(1022), MESSAGES.passwordLong],
    ["Abcdefgh!", MESSAGES.passwordNumber],
    ["abcdefg1!", MESSAGES.passwordUpper],
    ["Abcdefg12", MESSAGES.passwordSpecial],
  ])("%j → %s", (password, message) => {
    expect(passwordProblem(password)).toBe(message);
  });

  it("accepts a password meeting every rule, with no lower-case requirement", () => {
    expect(passwordProblem("ABCDEFG1!")).toBeNull();
    expect(passwordProblem("A".repeat(1022) + "1!")).toBeNull();
  });

  it("checks the confirmation last", () => {
    expect(passwordProblem("Passw0rd!", "Passw0rd?")).toBe(MESSAGES.mismatch);
    expect(passwordProblem("short", "other")).toBe(MESSAGES.passwordShort);
  });

  it("counts characters, not UTF-16 units, and never trims", () => {
    expect(passwordProblem("A1!😀😀😀😀")).toBe(MESSAGES.passwordShort); // 7 characters
    expect(passwordProblem(" Passw0rd! ", "Passw0rd!")).toBe(MESSAGES.mismatch);
  });

  it("accepts every special character of the reference's set", () => {
    for (const ch of "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?`~") expect(passwordChecklist(`Abcdefg1${ch}`).special).toBe(true);
    expect(passwordChecklist("Abcdefg1€").special).toBe(false);
  });
});

describe("signup rules (spec §3.2)", () => {
  const ok = "Passw0rd!";
  it("reports missing fields first", () => {
    expect(signupProblem("", ok, ok)).toBe("Missing fields");
    expect(signupProblem("alice", "", "")).toBe("Missing fields");
  });

  it.each(["minimost", "Everyone", "DELETEDUSER", "System"])("protects %s before the pattern check", (name) => {
    expect(signupProblem(name, ok, ok)).toBe(`"${name}" is a protected username`);
  });

  it.each(["a b", "é", "x".repeat(33), "a:b", "../x", "a.b"])("refuses the username %j", (name) => {
    expect(signupProblem(name, ok, ok)).toBe(
      "Username may only contain letters, numbers, hyphens, and underscores (1\u201332 characters)",
    );
  });

  it("accepts 1 to 32 letters, digits, hyphens and underscores", () => {
    expect(signupProblem("a", ok, ok)).toBeNull();
    expect(signupProblem("A_b-9".padEnd(32, "z"), ok, ok)).toBeNull();
  });

  it("then applies the password rules", () => {
    expect(signupProblem("alice", "password", "password")).toBe(MESSAGES.passwordNumber);
  });
});
