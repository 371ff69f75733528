// P4's search terms, one list for every bench that searches (bench/run.mjs, search-http.mjs,
// search-inprocess.ts): deterministic 3-letter terms, 9 in 10 pieces of chat words from
// bench/vocabulary.json, 1 in 10 random letters (mostly misses).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const vocabularyFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "vocabulary.json");

export function searchTerms(count) {
  const { words } = JSON.parse(fs.readFileSync(vocabularyFile, "utf8"));
  const usable = words.map((w) => w.toLowerCase()).filter((w) => /^[a-z]{3,}$/.test(w));
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const terms = [];
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) {
      terms.push(Array.from({ length: 3 }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join(""));
    } else {
      const w = usable[Math.floor(rand() * usable.length)];
      const at = Math.floor(rand() * (w.length - 2));
      terms.push(w.slice(at, at + 3));
    }
  }
  return terms;
}
