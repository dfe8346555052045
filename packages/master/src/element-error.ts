import { EkmsimError } from '@ekmsim/core';

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
