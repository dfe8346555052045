/** Managed object types, as the personalities list what they serve. */
import { Enum } from '@ekmsim/kmip';

const T = Enum.ObjectType;

/** Everything the server can keep (Template answers KMIP 1.x only). */
export const ALL_OBJECT_TYPES: readonly number[] = [T.Certificate, T.SymmetricKey, T.PublicKey, T.PrivateKey, T.SplitKey, T.Template, T.SecretData, T.OpaqueData, T.PGPKey];
