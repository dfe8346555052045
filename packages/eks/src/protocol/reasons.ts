/**
 * Handlers throw the precise KMIP 2.0 Result Reason; a 1.x reply carries the 1.x reason that
 * KMIP 1.4 uses for the same failure (1.x defines reasons 0x01–0x18 and 0x100 only). This table
 * is the one place that translation lives.
 */
import { Enum, type ProtocolVersion, type ResultReasonName } from '@ekmsim/kmip';

const IN_1X: Partial<Record<ResultReasonName, ResultReasonName>> = {
  ObjectDestroyed: 'ItemNotFound',
  ObjectNotFound: 'ItemNotFound',
  AttributeNotFound: 'ItemNotFound',
  AttributeInstanceNotFound: 'ItemNotFound',
  WrongKeyLifecycleState: 'PermissionDenied',
  AttributeReadOnly: 'PermissionDenied',
  ReadOnlyAttribute: 'PermissionDenied',
  NotAuthorised: 'PermissionDenied',
  IncompatibleCryptographicUsageMask: 'PermissionDenied',
  AttributeSingleValued: 'IllegalOperation',
  MultiValuedAttribute: 'IllegalOperation',
  UnsupportedAttribute: 'InvalidField',
  InvalidAttribute: 'InvalidField',
  InvalidAttributeValue: 'InvalidField',
  InvalidObjectType: 'InvalidField',
  IllegalObjectType: 'InvalidField',
  UnsupportedCryptographicParameters: 'InvalidField',
  UnknownEnumeration: 'InvalidField',
  UnknownTag: 'InvalidMessage',
  CodecError: 'InvalidMessage',
  UnsupportedProtocolVersion: 'InvalidMessage',
  KeyWrapTypeNotSupported: 'FeatureNotSupported',
};

function definedIn1x(reason: ResultReasonName): boolean {
  const code = Enum.ResultReason[reason];
  return code <= 0x18 || code === Enum.ResultReason.GeneralFailure;
}

/** The Result Reason to put in a reply of `version`. */
export function reasonFor(version: ProtocolVersion, reason: ResultReasonName): ResultReasonName {
  if (version.major >= 2 || definedIn1x(reason)) return reason;
  return IN_1X[reason] ?? 'GeneralFailure';
}
