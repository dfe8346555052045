/**
 * The simulated drive's factory defaults: the drive in NetApp H610S-2F nodes (KIOXIA CD5,
 * FIPS 140-2 L2 capable).
 */
export const DRIVE_DEFAULTS = {
  model: 'KCD5FLUG1T92',
  firmware: '0108',
  capacityBytes: 1_920_383_410_176,
  blockSize: 4096,
  fips: true,
  /** Vendor-specific; drives in the field lock out after about 5–6 failures. */
  tryLimit: 5,
  /** PSID tries are not limited (0): it can only destroy the data, and needs the label. */
  psidTryLimit: 0,
  /** Opal keys are at most 256 bytes (`OPAL_KEY_MAX`). */
  maxPinBytes: 256,
} as const;

/** NVMe serial numbers are 20 ASCII bytes, space padded (and sedutil salts with those 20 bytes). */
export const SERIAL_BYTES = 20;
