/** The reference's default name colour: a 32-bit string hash mapped to a hue. */
export function defaultNameColor(name: string): string {
  let h = 0;
  for (const ch of name) h = ((ch.codePointAt(0) ?? 0) + ((h << 5) - h)) | 0;
  return `hsl(${Math.abs(h) % 360}, 65%, 55%)`;
}

export function nameColor(name: string, custom: Record<string, string> | undefined): string {
  return custom?.[name] ?? defaultNameColor(name);
}

export type Theme = "dark" | "light";

/**
 * The lightest background a name or avatar sits on in the dark theme (a hovered row) and the darkest
 * in the light one: a colour readable on these is readable on every background of its theme.
 * Mirrors `--raised` in app/globals.css.
 */
export const THEME_BACKDROP: Record<Theme, string> = { dark: "#2d2d30", light: "#eef0f2" };

/** Below this contrast a name fades into the page: WCAG AA for text of its size (the avatars, drawn in the same colour, get more than the 3:1 graphics need). */
export const MIN_CONTRAST = 4.5;

type Rgb = [number, number, number];

/** `#rrggbb`, `#rgb` or `hsl(h, s%, l%)` (the stored and the default forms) → 0–255 channels. */
export function parseColor(color: string): Rgb | null {
  const text = color.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
  if (hex) {
    const [, given = ""] = hex; // the group always takes part
    const digits = given.length === 3 ? [...given].map((d) => d + d).join("") : given;
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as Rgb;
  }
  const hsl = /^hsl\(\s*(-?[\d.]+)\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%\s*\)$/.exec(text);
  if (!hsl) return null;
  const h = ((Number(hsl[1]) % 360) + 360) % 360;
  const s = Math.min(1, Number(hsl[2]) / 100);
  const l = Math.min(1, Number(hsl[3]) / 100);
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const toHex = (rgb: Rgb) => "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two colours (1 to 21); 1 when either cannot be read. */
export function contrastRatio(a: string, b: string): number {
  const x = parseColor(a);
  const y = parseColor(b);
  if (!x || !y) return 1;
  const [lx, ly] = [luminance(x), luminance(y)];
  return (Math.max(lx, ly) + 0.05) / (Math.min(lx, ly) + 0.05);
}

/**
 * `color` as shown in `theme`: unchanged when it stands out enough from the theme's backgrounds,
 * otherwise mixed towards white (dark theme) or black (light theme) just until it does. Stored
 * colours are the owner's choice for every reader, so they are adjusted where they are drawn.
 */
export function readableColor(color: string, theme: Theme): string {
  const rgb = parseColor(color);
  if (!rgb) return color;
  const backdrop = THEME_BACKDROP[theme];
  const target = theme === "dark" ? 255 : 0;
  for (let step = 0; step <= 20; step++) {
    const mixed = rgb.map((c) => c + ((target - c) * step) / 20) as Rgb;
    const hex = toHex(mixed);
    if (contrastRatio(hex, backdrop) >= MIN_CONTRAST) return step === 0 ? color : hex;
  }
  return theme === "dark" ? "#ffffff" : "#000000";
}

/** Black or white, whichever reads better on `background` (initials on an avatar). */
export function inkOn(background: string): string {
  return contrastRatio("#000000", background) >= contrastRatio("#ffffff", background) ? "#000000" : "#ffffff";
}

export const initials = (name: string) => [...name].slice(0, 2).join("").toUpperCase();

// No white or near-white: on the light theme they can only be shown as grey.
export const NAME_COLOR_PRESETS = (
  "#ff4d4d #e06c75 #d62828 #c9184a #ff0054 #ff6666 #ff6b9d #f72585 #ff8fa3 #f48fb1 #ff85a1 #e91e8c #fb5607 " +
  "#ff7f2a #e76f51 #ff6f61 #ff9500 #ff8c42 #d19a66 #e5c07b #ffd93d #ffb703 #f9c74f #e9c46a #c5e063 #b5e48c " +
  "#a7c957 #90be6d #8fc93a #d4e157 #98c379 #6bcb77 #52b788 #2dc653 #80ed99 #b7e4c7 #43aa8b #57cc99 #2ec4b6 " +
  "#14b8a6 #4ecdc4 #a8dadc #56b6c2 #00b4d8 #48cae4 #90e0ef #ade8f4 #0096c7 #61afef #4d96ff #3a86ff #4895ef " +
  "#4361ee #0891b2 #6741d9 #7c3aed #845ef7 #6c5ce7 #6c63ff #a78bfa #c678dd #7209b7 #9d4edd #b5179e #d0a0f0 " +
  "#7b2ff7 #da77f2 #c0b9dd #cccccc #aaaaaa"
).split(" ");
