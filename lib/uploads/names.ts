/**
 * Stored upload names: `<uuid>.<ext>` for images (the ones that decoded), `<uuid>_<original>` for
 * everything else, the original name reduced to safe characters. No stored name can hold a path
 * separator, a dot-name or a control character. Shared by server and client code.
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(["jpg", "jpeg", "png", "gif", "webp"]);

export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(
  ("bash c cc cfg cjs cmake conf cpp css csv cxx erl ex exs fish go gradle groovy h hcl hpp htm html ini java " +
    "js json jsx kt less lua m make md mjs mk php pl proto py pyw r rb rs rst sass scala scss sh sql sv svg svh " +
    "swift tf toml ts tsx txt v vh vhd vhdl xml xsd xsl xslt yaml yml zsh").split(" "),
);

export const TEXT_FILENAMES: ReadonlySet<string> = new Set(
  "dockerfile makefile cmakelists.txt gemfile rakefile vagrantfile procfile brewfile .env requirements.txt".split(" "),
);

const MAX_ORIGINAL = 150;

/** The lower-cased extension without its dot, or "". */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** A file name reduced to letters, digits, `.`, `-` and `_` (accents folded), never empty or hidden. */
export function sanitizeFilename(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  let safe = base
    .replace(/\s+/g, "_")
    .replace(/[^A-Za-z0-9._-]/g, "")
    .replace(/^[._]+/, "");
  if ([...safe].length > MAX_ORIGINAL) {
    const ext = extensionOf(safe);
    const keep = ext && ext.length < 16 ? `.${ext}` : "";
    safe = safe.slice(0, MAX_ORIGINAL - keep.length) + keep;
  }
  return safe || "file";
}

export function storedNameFor(original: string, image: boolean, uuid: string): string {
  const hex = uuid.replace(/-/g, "").toLowerCase();
  if (image) return `${hex}.${extensionOf(original)}`;
  return `${hex}_${sanitizeFilename(original)}`;
}

export const STORED_NAME = /^[0-9a-f]{32}(?:\.(?:jpg|jpeg|png|gif|webp)|_[A-Za-z0-9-][A-Za-z0-9._-]{0,199})$/;

export const isStoredName = (name: string) => STORED_NAME.test(name) && !name.includes("..");

export const isImageName = (stored: string) => stored.length > 32 && stored[32] === "." && IMAGE_EXTENSIONS.has(extensionOf(stored));

/** The name the file was uploaded under (what a download is saved as). */
export function originalName(stored: string): string {
  return stored.length > 33 && stored[32] === "_" ? stored.slice(33) : stored;
}

/** Whether a file name is one the code preview shows (by extension or well-known name). */
export function isTextFilename(name: string): boolean {
  const lower = name.toLowerCase();
  return TEXT_EXTENSIONS.has(extensionOf(lower)) || TEXT_FILENAMES.has(lower) || lower.startsWith("jenkinsfile");
}
