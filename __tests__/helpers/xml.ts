import { SaxesParser } from "saxes";

/** Every well-formedness error a strict XML 1.0 parser reports; [] for a well-formed document. */
export function xmlErrors(document: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser();
  parser.on("error", (error) => errors.push(error.message));
  parser.write(document).close();
  return errors;
}
