// The BaK (lib/tribune/bak.ts): `/bak` parsing, its effect on the rules, and the rules as exclusions (spec §6.3).
import { applyBak, bakExcludes, commandName, newBak, parseBak, runBak, type BakCommand, type BakRule, type BakState } from "@/lib/bak/rules";

function command(content: string): BakCommand {
  const parsed = parseBak(content);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.command;
}

/** Runs commands one after the other from a new controller, as an anonymous session. */
function after(contents: string[], registered = false, savedRules: BakRule[] = []): BakState {
  return contents.reduce((state, content) => runBak(state, command(content), { registered, savedRules }).state, newBak());
}

const posts = [
  { id: 1, info: "Mozilla/5.0 (X11)", login: "superman", raw: "Preum's" },
  { id: 2, info: "Coward", login: null, raw: "Deuze http://perdu.com" },
  { id: 3, info: "coincoin", login: "Badboy", raw: "troll TROLL" },
  { id: 4, info: "Badboy", login: null, raw: "I am not badboy" },
];
const visible = (state: BakState) => applyBak(state, posts).map((post) => post.id);

describe("commands (spec §6.1)", () => {
  it.each([
    ["/bak on", "bak"], ["/name Bond", "name"], ["/nick x", "nick"], ["/lastfm instant", "lastfm"], ["/bak", "bak"],
    ["/me waves", null], ["/foo", null], ["bak on", null], ["/bakery", null], ["/Bak on", null],
  ])("%j is %j", (content, name) => {
    expect(commandName(content)).toBe(name);
  });
});

describe("parsing /bak", () => {
  it.each([
    ["/bak add author Badboy", { action: "add", rule: { target: "author__username", kind: "exact", pattern: "Badboy" } }],
    ["/bak set author == Badboy", { action: "add", rule: { target: "author__username", kind: "exact", pattern: "Badboy" } }],
    ["/bak set message *= http://perdu.com", { action: "add", rule: { target: "raw", kind: "contains", pattern: "http://perdu.com" } }],
    ["/bak set ua *= Mozilla", { action: "add", rule: { target: "user_agent", kind: "contains", pattern: "Mozilla" } }],
    ["/bak set ua |= moz", { action: "add", rule: { target: "user_agent", kind: "icontains", pattern: "moz" } }],
    ["/bak set ua ~= coward", { action: "add", rule: { target: "user_agent", kind: "iexact", pattern: "coward" } }],
    ["/bak set message ^= troll two words", { action: "add", rule: { target: "raw", kind: "startswith", pattern: "troll two words" } }],
    ["/bak set message $= !", { action: "add", rule: { target: "raw", kind: "endswith", pattern: "!" } }],
    ["/bak del ua a  b", { action: "remove", rule: { target: "user_agent", kind: "exact", pattern: "a  b" } }],
    ["/bak remove message *= x", { action: "remove", rule: { target: "raw", kind: "contains", pattern: "x" } }],
    ["/bak on", { action: "on" }], ["/bak off", { action: "off" }], ["/bak reset", { action: "reset" }],
    ["/bak save", { action: "save" }], ["/bak load", { action: "load" }],
  ])("%j", (content, expected) => {
    expect(parseBak(content)).toEqual({ ok: true, command: expected });
  });

  it.each([
    ["/bak", "This action require at least one argument."],
    ["/bak  on", "This action require at least one argument."],
    ["/bak dance", "Unkown option 'dance' in your command action."],
    ["/bak add", "Option 'add' require a target and a pattern."],
    ["/bak del ua", "Option 'del' require a target and a pattern."],
    ["/bak add nobody x", "Target 'nobody' is not valid'."],
    ["/bak set ua *=", "Option 'set' require a target, a kind and a pattern."],
    ["/bak remove message", "Option 'remove' require a target, a kind and a pattern."],
    ["/bak set who *= x", "Target 'who' is not valid'."],
    ["/bak set ua =~ x", "Kind '=~' is not valid'."],
  ])("refuses %j with the reference's text", (content, error) => {
    expect(parseBak(content)).toEqual({ ok: false, error });
  });
});

describe("rules as exclusions", () => {
  it("starts active with no rules, hiding nothing", () => {
    expect(newBak()).toEqual({ active: true, rules: [], saved: false });
    expect(visible(newBak())).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ["/bak add author Badboy", [1, 2, 4]],
    ["/bak add author superman", [2, 3, 4]],
    ["/bak add ua Badboy", [1, 2, 3]],
    ["/bak set ua *= Mozilla", [2, 3, 4]],
    ["/bak set ua *= mozilla", [1, 2, 3, 4]],
    ["/bak set ua |= mozilla", [2, 3, 4]],
    ["/bak set ua ~= COWARD", [1, 3, 4]],
    ["/bak set message *= http://perdu.com", [1, 3, 4]],
    ["/bak set message ^= troll", [1, 2, 4]],
    ["/bak set message $= TROLL", [1, 2, 4]],
    ["/bak set message $= troll", [1, 2, 3, 4]],
    ["/bak set message |= BADBOY", [1, 2, 3]],
  ])("%j leaves %j", (content, ids) => {
    expect(visible(after([content]))).toEqual(ids);
  });

  it("never hides an anonymous post by an author rule", () => {
    expect(bakExcludes(after(["/bak set author *= "]), { info: "x", login: null, raw: "y" })).toBe(false);
    expect(bakExcludes(after(["/bak set author |= bad"]), { info: "Badboy", login: null, raw: "Badboy" })).toBe(false);
  });

  it("off keeps the rules, on brings them back", () => {
    const off = after(["/bak add author Badboy", "/bak off"]);
    expect(off.rules).toHaveLength(1);
    expect(visible(off)).toEqual([1, 2, 3, 4]);
    expect(visible(after(["/bak add author Badboy", "/bak off", "/bak on"]))).toEqual([1, 2, 4]);
  });

  it("reset clears the rules (spec §11.2 #3), so turning it on again hides nothing", () => {
    const reset = after(["/bak add author Badboy", "/bak set ua *= Mozilla", "/bak reset", "/bak on"]);
    expect(reset.rules).toEqual([]);
    expect(visible(reset)).toEqual([1, 2, 3, 4]);
  });

  it("adds a duplicate and removes a missing rule as no-ops; del and remove take rules away", () => {
    expect(after(["/bak add author Badboy", "/bak set author == Badboy"]).rules).toHaveLength(1);
    expect(after(["/bak del author Nobody"]).rules).toEqual([]);
    expect(visible(after(["/bak add author Badboy", "/bak del author Badboy"]))).toEqual([1, 2, 3, 4]);
    expect(visible(after(["/bak set ua *= Mozilla", "/bak remove ua *= Mozilla"]))).toEqual([1, 2, 3, 4]);
  });

  it("hides nothing without a controller", () => {
    expect(applyBak(null, posts)).toHaveLength(4);
  });
});

describe("save and load", () => {
  it("saves a registered user's rules once per change, never an anonymous user's", () => {
    const state = after(["/bak add author Badboy"]);
    const saved = runBak(state, { action: "save" }, { registered: true });
    expect(saved.save).toEqual([{ target: "author__username", kind: "exact", pattern: "Badboy" }]);
    expect(runBak(saved.state, { action: "save" }, { registered: true }).save).toBeNull();
    const changed = runBak(saved.state, command("/bak set ua *= x"), { registered: true }).state;
    expect(runBak(changed, { action: "save" }, { registered: true }).save).toHaveLength(2);
    expect(runBak(state, { action: "save" }, { registered: false })).toEqual({ state, save: null });
  });

  it("load replaces the session's rules with the saved ones for a registered user only", () => {
    const savedRules: BakRule[] = [{ target: "raw", kind: "startswith", pattern: "troll" }];
    expect(visible(after(["/bak add author superman", "/bak load"], true, savedRules))).toEqual([1, 2, 4]);
    expect(visible(after(["/bak add author superman", "/bak load"], false, savedRules))).toEqual([2, 3, 4]);
  });
});
