/**
 * Process-wide singletons. Next.js may evaluate a module once per bundle layer; state that must be
 * unique per process (database handles, caches) lives on globalThis under one key.
 */
const registry = globalThis as unknown as { __minimost?: Map<string, unknown> };

export function singleton<T>(key: string, create: () => T): T {
  const map = (registry.__minimost ??= new Map());
  if (!map.has(key)) map.set(key, create());
  return map.get(key) as T;
}

/** Drops a singleton (tests reset state between data folders). */
export function resetSingleton(key: string): void {
  registry.__minimost?.delete(key);
}

/** The singleton under key if one was created, without creating it. */
export function existingSingleton<T>(key: string): T | undefined {
  return registry.__minimost?.get(key) as T | undefined;
}
