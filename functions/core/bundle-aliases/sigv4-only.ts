// Stands in for @aws-sdk/signature-v4-multi-region in deployed bundles (an esbuild alias in
// infra/bundling.ts; nothing imports this file). SES v2 and EventBridge name it as their signer so that
// a multi-region endpoint (an `EndpointId` we never pass) can be signed with SigV4a; SigV4a needs
// @aws-sdk/signature-v4-crt or @aws-sdk/signature-v4a, neither of which we install, so the stock
// package signs plain SigV4 for us too. This is that SigV4 signer without the SigV4a dispatch.
import { SignatureV4 } from '@smithy/signature-v4';

/** What the stock package throws for a SigV4a signature with neither implementation loaded. */
export const SIGV4A_UNAVAILABLE = 'Neither CRT nor JS SigV4a implementation is available.';

export class SignatureV4MultiRegion extends SignatureV4 {
  /** Read by the clients' auth scheme providers: with none, an endpoint offering SigV4 as well gets SigV4. */
  static sigv4aDependency(): 'none' {
    return 'none';
  }

  // biome-ignore lint/suspicious/noExplicitAny: forwards every overload of SignatureV4.sign unchanged
  override async sign(toSign: any, options?: any): Promise<any> {
    if (options?.signingRegion === '*') throw new Error(SIGV4A_UNAVAILABLE);
    return super.sign(toSign, options);
  }
}
