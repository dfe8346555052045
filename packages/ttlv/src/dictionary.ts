/**
 * Names for tags and enumeration values, used only by the JSON form and error messages. The
 * codec itself is name-free; the `kmip` package supplies KMIP's dictionary.
 */
export interface TtlvDictionary {
  tagName(tag: number): string | undefined;
  tagByName(name: string): number | undefined;
  enumName(tag: number, value: number): string | undefined;
  enumByName(tag: number, name: string): number | undefined;
}

/** A dictionary that knows no names: every tag and enumeration is shown in hex. */
export const emptyDictionary: TtlvDictionary = {
  tagName: () => undefined,
  tagByName: () => undefined,
  enumName: () => undefined,
  enumByName: () => undefined,
};
