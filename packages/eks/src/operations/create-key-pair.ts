/**
 * Create Key Pair (KMIP 1.4 §4.2): an RSA private and public key, each an object of its own,
 * linked to the other (Link: Public Key Link / Private Key Link). The ID Placeholder becomes the
 * private key's identifier.
 */
import { attr, attribute, CreateKeyPair, Enum, numberAttribute, Tag, type Attribute } from '@ekmsim/kmip';
import { generateRsaKeyPair } from '../keys/rsa.js';
import { checkTemplate, newObject } from '../model/new-object.js';
import { defineHandler, type OperationContext } from './context.js';

function link(type: number, uid: string): Attribute {
  return attribute('Link', {
    tag: Tag.Link,
    type: 'Structure',
    value: [
      { tag: Tag.LinkType, type: 'Enumeration', value: type },
      { tag: Tag.LinkedObjectIdentifier, type: 'TextString', value: uid },
    ],
  });
}

function save(ctx: OperationContext, uid: string, objectType: number, object: Parameters<typeof newObject>[0]['object'], given: readonly Attribute[], linked: Attribute, mask: number): void {
  ctx.tx.put(
    newObject({
      uid,
      owner: ctx.client,
      objectType,
      object,
      given,
      implicit: [linked],
      defaults: [attr.cryptographicUsageMask(mask)],
      nowSeconds: ctx.nowSeconds,
      hasState: true,
    }),
  );
}

export const createKeyPairHandler = defineHandler(CreateKeyPair, (req, ctx) => {
  const privateGiven = [...(req.commonAttributes ?? []), ...(req.privateKeyAttributes ?? [])];
  const publicGiven = [...(req.commonAttributes ?? []), ...(req.publicKeyAttributes ?? [])];
  checkTemplate(privateGiven, Enum.ObjectType.PrivateKey);
  checkTemplate(publicGiven, Enum.ObjectType.PublicKey);
  const pair = generateRsaKeyPair(numberAttribute(privateGiven, 'Cryptographic Algorithm'), numberAttribute(privateGiven, 'Cryptographic Length'));
  const privateUid = ctx.newUid(Enum.ObjectType.PrivateKey);
  const publicUid = ctx.newUid(Enum.ObjectType.PublicKey);
  const U = Enum.CryptographicUsageMask;
  save(ctx, privateUid, Enum.ObjectType.PrivateKey, pair.privateKey, privateGiven, link(Enum.LinkType.PublicKeyLink, publicUid), U.Sign);
  save(ctx, publicUid, Enum.ObjectType.PublicKey, pair.publicKey, publicGiven, link(Enum.LinkType.PrivateKeyLink, privateUid), U.Verify);
  ctx.actedOn(privateUid);
  return { privateKeyUniqueIdentifier: privateUid, publicKeyUniqueIdentifier: publicUid };
});
