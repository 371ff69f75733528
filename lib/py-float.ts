/** A float as Python's str() prints it (`1717790000.5`, `1717790000.0`): the reference's receipt keys. */
export function pythonFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
