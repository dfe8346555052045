/** The vendor personalities of the mock key server (TR-4843 §4–§8), and the plain one. */
export const VENDOR_NAMES = ['generic', 'keysecure', 'keysecure-gov', 'hytrust', 'vormetric', 'sklm'] as const;
export type VendorName = (typeof VENDOR_NAMES)[number];

export function isVendorName(value: unknown): value is VendorName {
  return typeof value === 'string' && (VENDOR_NAMES as readonly string[]).includes(value);
}
