import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { CATALOGUES } from "@/lib/i18n/catalog";
import { LOCALES } from "@/lib/i18n/locales";
import { localeFromAcceptLanguage } from "@/lib/i18n/negotiate";
import { translatorFor } from "@/lib/i18n/translate";

type Tree = { [key: string]: string | Tree };

/** Every message of a catalogue by its dotted key. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The arguments a message takes (`{name}`, `{count, plural, …}`, `<b>…</b>`), with their kinds. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
  }
  return into;
}

const english = flatten(CATALOGUES.en as unknown as Tree);

describe("the message catalogues", () => {
  it.each(LOCALES.filter((l) => l !== "en"))("%s has exactly English's keys", (locale) => {
    const other = flatten(CATALOGUES[locale] as unknown as Tree);
    expect([...other.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !other.has(k))).toEqual([]);
  });

  it.each(LOCALES)("every %s message parses and none is empty", (locale) => {
    for (const [key, text] of flatten(CATALOGUES[locale] as unknown as Tree)) {
      expect({ key, empty: text.trim() === "" }).toEqual({ key, empty: false });
      expect(() => parse(text)).not.toThrow();
    }
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s messages take the same arguments as English's", (locale) => {
    const other = flatten(CATALOGUES[locale] as unknown as Tree);
    for (const [key, text] of english) {
      const theirs = other.get(key);
      if (theirs === undefined) continue;
      expect({ key, args: [...argumentsOf(parse(theirs))].sort() }).toEqual({ key, args: [...argumentsOf(parse(text))].sort() });
    }
  });

  it("formats a message in either language", () => {
    expect(translatorFor("en", "common")("language.legend")).toBe("Language");
    expect(translatorFor("fr", "common")("language.legend")).toBe("Langue");
  });
});

describe("the browser's language", () => {
  it.each([
    [null, "en"],
    ["", "en"],
    ["fr", "fr"],
    ["fr-FR,fr;q=0.9,en;q=0.8", "fr"],
    ["fr-CA", "fr"],
    ["en-US,en;q=0.9,fr;q=0.8", "en"],
    ["de-DE,de;q=0.9,fr;q=0.5", "fr"],
    ["de-DE", "en"],
    ["*", "en"],
    ["fr;q=0, en;q=0.1", "en"],
    ["garbage;;;q=x", "en"],
  ])("Accept-Language %j gives %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});
