"use client";

import { useFormatter, useTranslations } from "use-intl";

const UNITS = ["B", "KB", "MB", "GB"] as const;

/** A size in bytes as a number and a unit (1024 to the next one): `{ value: 1.5, unit: "KB", digits: 1 }`. Pure. */
export function sizeParts(bytes: number): { value: number; unit: (typeof UNITS)[number]; digits: 0 | 1 } {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Bytes are whole; a small number of a larger unit keeps one decimal, a larger one none.
  return { value, unit: UNITS[unit]!, digits: unit > 0 && value < 10 ? 1 : 0 };
}

/** `(bytes) => "1.5 KB"` in the page's language (French: "1,5 Ko"). */
export function useFileSize(): (bytes: number) => string {
  const t = useTranslations("shell.size");
  const format = useFormatter();
  return (bytes) => {
    const { value, unit, digits } = sizeParts(bytes);
    const size = format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
    return t(unit, { size });
  };
}
