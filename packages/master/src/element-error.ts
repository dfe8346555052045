import { EkmsimError } from '@ekmsim/core';

/**
 * The exception names the master throws: TR-4843 §10.2 spelled exactly, the generic Element
 * names it needs, and simulator-defined names (marked) where Element's are not public.
 */
export const ElementErrorName = {
  xAPINotPermitted: 'xAPINotPermitted',
  xInvalidParameter: 'xInvalidParameter',
  xCsrGenerationFailed: 'xCsrGenerationFailed',
  xSslKeysDoNotExist: 'xSslKeysDoNotExist',
  xKeyPairInUse: 'xKeyPairInUse',
  xKeyProviderActive: 'xKeyProviderActive',
  xKeyProviderConfigurationError: 'xKeyProviderConfigurationError',
  xKeyProviderFailed: 'xKeyProviderFailed',
  xKeyProviderUnavailable: 'xKeyProviderUnavailable',
  xKeyServerAuthFailed: 'xKeyServerAuthFailed',
  xKeyServerSslError: 'xKeyServerSslError',
  xKeyServerFailed: 'xKeyServerFailed',
  xKeyServerFailedKeyAlreadyExists: 'xKeyServerFailedKeyAlreadyExists',
  xKeyServerHasProviderAssigned: 'xKeyServerHasProviderAssigned',
  xKeyServerInvalidAuth: 'xKeyServerInvalidAuth',
  xKeyServerLastForActiveProvider: 'xKeyServerLastForActiveProvider',
  xKeyServerUnavailable: 'xKeyServerUnavailable',
  xNoOnlineKeyProviderWithThatID: 'xNoOnlineKeyProviderWithThatID',
  /** Simulator-defined, after Element's `x<Object>IDDoesNotExist` pattern: an unknown keyServerID. */
  xKeyServerIDDoesNotExist: 'xKeyServerIDDoesNotExist',
  /** Element's, attested (`Async handle N does not exist.`): GetAsyncResult with an unknown or purged handle. */
  xAsyncHandleDoesNotExist: 'xAsyncHandleDoesNotExist',
  /** Simulator-defined, after `x<Object>IDDoesNotExist`: a driveID the cluster does not have. */
  xDriveIDDoesNotExist: 'xDriveIDDoesNotExist',
  /** Simulator-defined: a SecureEraseDrives drive whose erase failed (in the async result's `error`). */
  xSecureEraseFailed: 'xSecureEraseFailed',
  /** Simulator-defined: a storage node that has never joined the cluster. */
  xSimNodeDoesNotExist: 'xSimNodeDoesNotExist',
  /** Simulator-defined: a storage node that is not connected (powered off, or its link is down). */
  xSimNodeOffline: 'xSimNodeOffline',
} as const;
export type ElementErrorName = (typeof ElementErrorName)[keyof typeof ElementErrorName];

/**
 * An error the Element API returns: `{"error":{"code":500,"message":…,"name":…}}`. `elementName`
 * is the exception name exactly as TR-4843 §10.2 or the Element API reference spells it
 * (`xKeyProviderActive`, `xInvalidParameter`, …). Messages never carry key material.
 */
export class ElementApiError extends EkmsimError {
  readonly elementName: string;
  readonly httpCode: number;

  constructor(elementName: string, message: string, options?: { cause?: unknown; httpCode?: number }) {
    super(elementName, message, options);
    this.elementName = elementName;
    this.httpCode = options?.httpCode ?? 500;
  }
}
