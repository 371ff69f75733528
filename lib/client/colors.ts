/** The reference's default name colour: a 32-bit string hash mapped to a hue. */
export function defaultNameColor(name: string): string {
  let h = 0;
  for (const ch of name) h = ((ch.codePointAt(0) ?? 0) + ((h << 5) - h)) | 0;
  return `hsl(${Math.abs(h) % 360}, 65%, 55%)`;
}

export function nameColor(name: string, custom: Record<string, string> | undefined): string {
  return custom?.[name] ?? defaultNameColor(name);
}

export const initials = (name: string) => [...name].slice(0, 2).join("").toUpperCase();

export const NAME_COLOR_PRESETS = (
  "#ff4d4d #e06c75 #d62828 #c9184a #ff0054 #ff6666 #ff6b9d #f72585 #ff8fa3 #f48fb1 #ff85a1 #e91e8c #fb5607 " +
  "#ff7f2a #e76f51 #ff6f61 #ff9500 #ff8c42 #d19a66 #e5c07b #ffd93d #ffb703 #f9c74f #e9c46a #c5e063 #b5e48c " +
  "#a7c957 #90be6d #8fc93a #d4e157 #98c379 #6bcb77 #52b788 #2dc653 #80ed99 #b7e4c7 #43aa8b #57cc99 #2ec4b6 " +
  "#14b8a6 #4ecdc4 #a8dadc #56b6c2 #00b4d8 #48cae4 #90e0ef #ade8f4 #0096c7 #61afef #4d96ff #3a86ff #4895ef " +
  "#4361ee #0891b2 #6741d9 #7c3aed #845ef7 #6c5ce7 #6c63ff #a78bfa #c678dd #7209b7 #9d4edd #b5179e #d0a0f0 " +
  "#7b2ff7 #da77f2 #e2d9f3 #c0b9dd #ffffff #cccccc #aaaaaa"
).split(" ");

/** `1.5 MB`: one decimal under 10, as the reference's file chips. */
export function humanSize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
