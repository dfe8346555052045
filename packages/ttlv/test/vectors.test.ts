import { ItemType, type TtlvItem } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { messageRows, primitiveRows, registerVectorTests } from './support/vectors.js';

describe('golden vectors: primitives', () => {
  registerVectorTests(primitiveRows);

  it('cover all 11 item types', () => {
    expect(new Set(primitiveRows.map((r) => r.item.type))).toEqual(new Set(Object.keys(ItemType)));
  });
});

describe('golden vectors: whole messages', () => {
  registerVectorTests(messageRows);

  it('are all Request or Response Message structures', () => {
    const tags = new Set(messageRows.map((r: { item: TtlvItem }) => r.item.tag));
    expect(tags).toEqual(new Set([0x420078, 0x42007b]));
  });
});
