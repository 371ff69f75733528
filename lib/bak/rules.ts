// The BaK ("Boîte à Kons", spec §6.3): the `/bak` command parsed, its effect on a reader's rules, and the rules
// applied to posts as exclusions. Pure: where the state lives is ./users (registered users) or the face's own.

export type BakTarget = "user_agent" | "author__username" | "raw";
export type BakKind = "contains" | "icontains" | "exact" | "iexact" | "startswith" | "endswith";
export type BakRule = { target: BakTarget; kind: BakKind; pattern: string };

export type BakState = {
  /** Rules apply only while active. */
  active: boolean;
  rules: BakRule[];
  /** True once `save` has written the current rules; any change to the rules clears it. */
  saved: boolean;
};

export type BakCommand =
  | { action: "add" | "remove"; rule: BakRule }
  | { action: "on" | "off" | "reset" | "save" | "load" };

const TARGETS: Record<string, BakTarget> = { ua: "user_agent", author: "author__username", message: "raw" };
const KINDS: Record<string, BakKind> = {
  "*=": "contains", "|=": "icontains", "==": "exact", "~=": "iexact", "^=": "startswith", "$=": "endswith",
};
const COMMANDS = new Set(["name", "nick", "bak", "lastfm"]);

/** The tribune command a post is, if any: only these four names are commands; `/me` and the rest are text. */
export function commandName(content: string): "name" | "nick" | "bak" | "lastfm" | null {
  if (!content.startsWith("/")) return null;
  const name = content.split(" ")[0]!.slice(1);
  return COMMANDS.has(name) ? (name as "name" | "nick" | "bak" | "lastfm") : null;
}

/** A new controller: active, no rules, as the first `/bak` of a session creates it. */
export function newBak(): BakState {
  return { active: true, rules: [], saved: false };
}

export type ParsedBak = { ok: true; command: BakCommand } | { ok: false; error: string };

/** A pattern is at most this long (the reference's FilterEntry.value), and a reader keeps at most this many rules. */
export const MAX_PATTERN = 255;
export const MAX_RULES = 100;

const tooLong = (rule: BakRule): ParsedBak | null =>
  Array.from(rule.pattern).length > MAX_PATTERN ? { ok: false, error: `Pattern is too long (${MAX_PATTERN} characters at most).` } : null;

/** Why `command` cannot run on `state` (too many rules), or null. */
export function bakLimitError(state: BakState, command: BakCommand): string | null {
  if (command.action !== "add" || state.rules.length < MAX_RULES) return null;
  return `Too many rules (${MAX_RULES} at most): remove some first.`;
}

/**
 * Parses `/bak <option> …`. Arguments are split on single spaces, as the reference does, and the pattern is
 * the rest joined by one space. Error texts are the reference's, typos included, since clients show them.
 */
export function parseBak(content: string): ParsedBak {
  const args = content.split(" ").slice(1);
  const option = args[0];
  if (option === undefined || option === "") return { ok: false, error: "This action require at least one argument." };
  const rest = args.slice(1);
  const target = (arg: string): BakTarget | ParsedBak => TARGETS[arg] ?? { ok: false, error: `Target '${arg}' is not valid'.` };
  switch (option) {
    case "add":
    case "del": {
      if (rest.length < 2) return { ok: false, error: `Option '${option}' require a target and a pattern.` };
      const ruleTarget = target(rest[0]!);
      if (typeof ruleTarget !== "string") return ruleTarget;
      const rule: BakRule = { target: ruleTarget, kind: "exact", pattern: rest.slice(1).join(" ") };
      return tooLong(rule) ?? { ok: true, command: { action: option === "add" ? "add" : "remove", rule } };
    }
    case "set":
    case "remove": {
      if (rest.length < 3) return { ok: false, error: `Option '${option}' require a target, a kind and a pattern.` };
      const ruleTarget = target(rest[0]!);
      if (typeof ruleTarget !== "string") return ruleTarget;
      const kind = KINDS[rest[1]!];
      if (kind === undefined) return { ok: false, error: `Kind '${rest[1]}' is not valid'.` };
      const rule: BakRule = { target: ruleTarget, kind, pattern: rest.slice(2).join(" ") };
      return tooLong(rule) ?? { ok: true, command: { action: option === "set" ? "add" : "remove", rule } };
    }
    case "on":
    case "off":
    case "reset":
    case "save":
    case "load":
      return { ok: true, command: { action: option } };
    default:
      return { ok: false, error: `Unkown option '${option}' in your command action.` };
  }
}

const sameRule = (a: BakRule, b: BakRule) => a.target === b.target && a.kind === b.kind && a.pattern === b.pattern;

export type BakContext = {
  /** Only registered users can save and load. */
  registered: boolean;
  /** The user's saved rules, for `load`. */
  savedRules?: readonly BakRule[];
};

/** The new state, and the rules to persist when the command was a `save` that has something to write. */
export function runBak(state: BakState, command: BakCommand, context: BakContext): { state: BakState; save: BakRule[] | null } {
  switch (command.action) {
    case "add":
      if (state.rules.some((rule) => sameRule(rule, command.rule))) return { state, save: null };
      return { state: { ...state, rules: [...state.rules, command.rule], saved: false }, save: null };
    case "remove":
      if (!state.rules.some((rule) => sameRule(rule, command.rule))) return { state, save: null };
      return { state: { ...state, rules: state.rules.filter((rule) => !sameRule(rule, command.rule)), saved: false }, save: null };
    case "on":
      return { state: { ...state, active: true }, save: null };
    case "off":
      return { state: { ...state, active: false }, save: null };
    case "reset":
      // The documented meaning (spec §11.2 #3): the rules are cleared, not merely switched off.
      return { state: { ...state, rules: [], saved: false }, save: null };
    case "save":
      if (!context.registered || state.saved) return { state, save: null };
      return { state: { ...state, saved: true }, save: [...state.rules] };
    case "load":
      if (!context.registered) return { state, save: null };
      return { state: { ...state, rules: [...(context.savedRules ?? [])], saved: true }, save: null };
  }
}

export type BakSubject = { info: string; login: string | null; raw: string };

/** A rule ready to test: its pattern lower-cased once for the case-insensitive kinds. */
function compiled(rule: BakRule): (value: string) => boolean {
  const { pattern } = rule;
  const lower = pattern.toLowerCase();
  switch (rule.kind) {
    case "contains": return (value) => value.includes(pattern);
    case "icontains": return (value) => value.toLowerCase().includes(lower);
    case "exact": return (value) => value === pattern;
    case "iexact": return (value) => value.toLowerCase() === lower;
    case "startswith": return (value) => value.startsWith(pattern);
    case "endswith": return (value) => value.endsWith(pattern);
  }
}

/** The test an active BaK applies to each post (true: hidden), or null when it hides nothing. */
export function bakFilter(state: BakState | null | undefined): ((post: BakSubject) => boolean) | null {
  if (!state?.active || state.rules.length === 0) return null;
  const tests = state.rules.map((rule) => ({ target: rule.target, test: compiled(rule) }));
  return (post) =>
    tests.some(({ target, test }) => {
      // An author rule never hides an anonymous post: there is no author to match.
      const value = target === "user_agent" ? post.info : target === "raw" ? post.raw : post.login;
      return value !== null && test(value);
    });
}

/** Whether an active BaK hides this post. An author rule never hides an anonymous post. */
export function bakExcludes(state: BakState | null | undefined, post: BakSubject): boolean {
  return bakFilter(state)?.(post) ?? false;
}

/** The posts an active BaK leaves visible. */
export function applyBak<T extends BakSubject>(state: BakState | null | undefined, posts: readonly T[]): T[] {
  const hidden = bakFilter(state);
  return hidden ? posts.filter((post) => !hidden(post)) : [...posts];
}
