/** One version-neutral payload, two wire shapes: KMIP 1.x Template-Attribute versus 2.0 Attributes. */
import { attr, Create, Enum, GetAttributes, KmipResultError, Locate, nameValues, numberAttribute, Tag, tagExistsIn, type ProtocolVersion } from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv, type TtlvItem } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';

const v12: ProtocolVersion = { major: 1, minor: 2 };
const v20: ProtocolVersion = { major: 2, minor: 0 };

function tagsIn(item: TtlvItem): number[] {
  return item.type === 'Structure' ? [item.tag, ...item.value.flatMap(tagsIn)] : [item.tag];
}

const createRequest = {
  objectType: Enum.ObjectType.SymmetricKey,
  attributes: [
    attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.AES),
    attr.cryptographicLength(256),
    attr.cryptographicUsageMask(0x0c),
    attr.name('x-SolidFire-KeyID-7d5c0c0e-2b1f-4d39-9a8c-3f1b0c2d4e5f'),
  ],
};

describe('attributes by protocol version', () => {
  it('KMIP 1.2 wraps attributes in Template-Attribute / Attribute', () => {
    const item = Create.request.toItem(createRequest, { version: v12 });
    const tags = tagsIn(item);
    expect(tags).toContain(Tag.TemplateAttribute);
    expect(tags).toContain(Tag.AttributeName);
    expect(tags).not.toContain(Tag.Attributes);
  });

  it('KMIP 2.0 writes them directly under Attributes', () => {
    const item = Create.request.toItem(createRequest, { version: v20 });
    const tags = tagsIn(item);
    expect(tags).toContain(Tag.Attributes);
    expect(tags).toContain(Tag.CryptographicAlgorithm);
    expect(tags).not.toContain(Tag.TemplateAttribute);
    expect(tags).not.toContain(Tag.AttributeName);
  });

  for (const version of [v12, v20]) {
    it(`KMIP ${version.major}.${version.minor} decodes what it encodes to the same attributes`, () => {
      const wire = encodeTtlv(Create.request.toItem(createRequest, { version }));
      const back = Create.request.fromItem(decodeTtlv(wire), { version });
      expect(numberAttribute(back.attributes, 'Cryptographic Length')).toBe(256);
      expect(numberAttribute(back.attributes, 'Cryptographic Algorithm')).toBe(Enum.CryptographicAlgorithm.AES);
      expect(nameValues(back.attributes)).toEqual(['x-SolidFire-KeyID-7d5c0c0e-2b1f-4d39-9a8c-3f1b0c2d4e5f']);
    });
  }

  it('a 1.x reply leaves out fields whose tag its version does not define', () => {
    const item = Locate.response.toItem({ locatedItems: 3, uniqueIdentifiers: ['1', '2', '3'] }, { version: { major: 1, minor: 2 } });
    expect(tagsIn(item)).not.toContain(Tag.LocatedItems); // Located Items arrived in KMIP 1.3
    const item13 = Locate.response.toItem({ locatedItems: 3, uniqueIdentifiers: ['1'] }, { version: { major: 1, minor: 3 } });
    expect(tagsIn(item13)).toContain(Tag.LocatedItems);
    expect(tagExistsIn(Tag.Attributes, 14)).toBe(false);
    expect(tagExistsIn(Tag.Attributes, 20)).toBe(true);
    expect(tagExistsIn(Tag.TemplateAttribute, 20)).toBe(false);
  });

  it('2.0 names attributes by reference, 1.x by name', () => {
    const req = { uniqueIdentifier: '1', attributeNames: ['State', 'x-Product_Version'] };
    const t12 = tagsIn(GetAttributes.request.toItem(req, { version: v12 }));
    const t20 = tagsIn(GetAttributes.request.toItem(req, { version: v20 }));
    expect(t12).toContain(Tag.AttributeName);
    expect(t20).toContain(Tag.AttributeReference);
    expect(GetAttributes.request.fromItem(GetAttributes.request.toItem(req, { version: v20 }), { version: v20 }).attributeNames).toEqual(req.attributeNames);
  });
});

describe('invalid payloads', () => {
  it('a missing required field is Invalid Message naming it', () => {
    const payload: TtlvItem = { tag: Tag.RequestPayload, type: 'Structure', value: [] };
    expect(() => Create.request.fromItem(payload, { version: v12 })).toThrow(KmipResultError);
    expect(() => Create.request.fromItem(payload, { version: v12 })).toThrow(/RequestPayload: missing ObjectType/);
  });

  it('a field of the wrong type is Invalid Message naming the type', () => {
    const payload: TtlvItem = { tag: Tag.RequestPayload, type: 'Structure', value: [{ tag: Tag.ObjectType, type: 'Integer', value: 2 }] };
    try {
      Create.request.fromItem(payload, { version: v12 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KmipResultError);
      expect((e as KmipResultError).reason).toBe('InvalidMessage');
      expect((e as KmipResultError).resultMessage).toBe('ObjectType: expected Enumeration, found Integer');
    }
  });
});
