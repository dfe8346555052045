/** Request payloads the tests use again and again. */
import { attr, Enum, numberAttribute, type Attribute, type ResultReasonName } from '@ekmsim/kmip';
import { expect } from 'vitest';

export function aesTemplate(name?: string, bits = 256): Attribute[] {
  const list = [attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.AES), attr.cryptographicLength(bits)];
  return name === undefined ? list : [...list, attr.name(name)];
}

export function createAes(name?: string, bits = 256): { objectType: number; attributes: Attribute[] } {
  return { objectType: Enum.ObjectType.SymmetricKey, attributes: aesTemplate(name, bits) };
}

export function stateIn(list: readonly Attribute[] | undefined): number | undefined {
  return numberAttribute(list, 'State');
}

export async function expectReason(p: Promise<unknown>, reason: ResultReasonName): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'KmipResultError', reason });
}
