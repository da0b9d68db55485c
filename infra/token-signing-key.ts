import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function';

/** Who issues our tokens and who they are for; the token library checks both on every request. */
const TOKEN_ISSUER = 'grid-service';
const TOKEN_AUDIENCE = 'grid-service-api';

/**
 * The ES256 key that signs access tokens. Its private half never leaves KMS: the sign-in function
 * may only ask KMS to sign, the authorizer may only read the public key to verify.
 */
export class TokenSigningKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Signs grid-service access tokens (ES256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
    });
  }

  /** Lets the function issue tokens: `kms:Sign` and nothing else. */
  grantIssue(fn: HouseFunction): void {
    this.key.grant(fn, 'kms:Sign');
    this.describeTokensTo(fn);
  }

  /** Lets the function check tokens: `kms:GetPublicKey` and nothing else. */
  grantVerify(fn: HouseFunction): void {
    this.key.grant(fn, 'kms:GetPublicKey');
    this.describeTokensTo(fn);
  }

  private describeTokensTo(fn: HouseFunction): void {
    fn.addEnvironment('TOKEN_KMS_KEY_ID', this.key.keyId);
    fn.addEnvironment('TOKEN_ISSUER', TOKEN_ISSUER);
    fn.addEnvironment('TOKEN_AUDIENCE', TOKEN_AUDIENCE);
  }
}
