/**
 * Whole KMIP messages captured from other implementations (PyKMIP, libkmip, vSphere, MongoDB):
 * each decodes as a message, each payload decodes with its operation's descriptor, and
 * re-encoding the decoded payload gives back the same bytes.
 */
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '@ekmsim/core';
import {
  decodeRequestMessage,
  decodeResponseMessage,
  encodeRequestMessage,
  encodeResponseMessage,
  Enum,
  OPERATIONS,
  peekProtocolVersion,
} from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';

interface MessageVector {
  id: string;
  kind: 'request' | 'response';
  kmip_version: string;
  hex: string;
  batch: { operation: string | null; result_status: string | null }[];
}

const vectors = (JSON.parse(readFileSync(new URL('./fixtures/kmip-vectors.json', import.meta.url), 'utf8')) as { messages: MessageVector[] }).messages;

describe('captured messages', () => {
  it('has the vectors', () => expect(vectors.length).toBeGreaterThanOrEqual(20));

  for (const v of vectors) {
    it(`${v.id}: decodes, and its payloads round-trip byte for byte`, () => {
      const bytes = fromHex(v.hex);
      const item = decodeTtlv(bytes);
      const version = peekProtocolVersion(item);
      expect(`${version.major}.${version.minor}`).toBe(v.kmip_version);
      if (v.kind === 'request') {
        const msg = decodeRequestMessage(item);
        expect(msg.batchItems.length).toBe(v.batch.length);
        msg.batchItems.forEach((b, i) => {
          expect(opName(b.operation)).toBe(v.batch[i]!.operation);
          const op = OPERATIONS.get(b.operation)!;
          const payload = op.request.fromItem(b.payload, { version });
          expect(toHex(encodeTtlv(op.request.toItem(payload, { version })))).toBe(toHex(encodeTtlv(b.payload)));
        });
        expect(toHex(encodeTtlv(encodeRequestMessage(msg)))).toBe(v.hex.toUpperCase());
      } else {
        const msg = decodeResponseMessage(item);
        msg.batchItems.forEach((b, i) => {
          expect(b.operation === undefined ? null : opName(b.operation)).toBe(v.batch[i]!.operation);
          expect(statusName(b.resultStatus)).toBe(v.batch[i]!.result_status);
          if (b.payload !== undefined && b.operation !== undefined) {
            const op = OPERATIONS.get(b.operation)!;
            const payload = op.response.fromItem(b.payload, { version });
            expect(toHex(encodeTtlv(op.response.toItem(payload, { version })))).toBe(toHex(encodeTtlv(b.payload)));
          }
        });
        expect(toHex(encodeTtlv(encodeResponseMessage(msg)))).toBe(v.hex.toUpperCase());
      }
    });
  }
});

function opName(code: number): string {
  const name = Object.entries(Enum.Operation).find(([, c]) => c === code)?.[0] ?? String(code);
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function statusName(code: number): string {
  const name = Object.entries(Enum.ResultStatus).find(([, c]) => c === code)?.[0] ?? String(code);
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
