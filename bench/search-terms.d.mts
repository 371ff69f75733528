/** P4's deterministic search terms (bench/search-terms.mjs). */
export function searchTerms(count: number): string[];
