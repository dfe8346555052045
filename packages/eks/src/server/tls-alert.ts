/**
 * The fatal TLS alerts the key server sends when it refuses a client certificate during the
 * handshake, numbered as in RFC 5246 §7.2.2, and the record that carries one. The handshake is
 * still in plaintext there (TLS 1.2, before ChangeCipherSpec), so the record is written as is:
 * content type alert (21), version TLS 1.2 (3,3), length 2, level fatal (2), description.
 */

/** The descriptions sent, spelled as OpenSSL names them in `…:tlsv1 alert unknown ca`. */
export const TLS_ALERT = {
  'handshake failure': 40,
  'bad certificate': 42,
  'unsupported certificate': 43,
  'certificate revoked': 44,
  'certificate expired': 45,
  'unknown ca': 48,
} as const;
export type TlsAlertName = keyof typeof TLS_ALERT;

const CONTENT_TYPE_ALERT = 21;
const TLS_1_2 = [3, 3] as const;
const LEVEL_FATAL = 2;

/** One plaintext TLS 1.2 record holding the fatal alert `name`. */
export function fatalAlertRecord(name: TlsAlertName): Uint8Array {
  return Uint8Array.of(CONTENT_TYPE_ALERT, ...TLS_1_2, 0, 2, LEVEL_FATAL, TLS_ALERT[name]);
}
