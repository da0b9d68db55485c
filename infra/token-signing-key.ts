import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function';

/** Who issues our tokens and who they are for; the token library checks both on every request. */
const TOKEN_ISSUER = 'grid-service';
const TOKEN_AUDIENCE = 'grid-service-api';

export interface TokenSigningKeyProps {
  /**
   * Which key signs (CDK context `tokenKeyGeneration`, default 1). Raising it by one rotates: a new
   * key signs, and the one before stays as the previous key that verification still accepts (its
   * tokens live at most 2 h); the one before that leaves the stack (KMS keeps it until deleted).
   */
  generation?: number;
}

/**
 * The ES256 key that signs access tokens. Its private half never leaves KMS: the sign-in function
 * may ask KMS to sign and read the public key (to name it in the token's `kid`), the authorizer may
 * only read the public keys, of the current and the previous generation, to verify.
 */
export class TokenSigningKey extends Construct {
  readonly key: kms.Key;
  readonly previousKey?: kms.Key;

  constructor(scope: Construct, id: string, props: TokenSigningKeyProps = {}) {
    super(scope, id);
    const generation = props.generation ?? 1;
    if (!Number.isInteger(generation) || generation < 1) throw new Error(`tokenKeyGeneration must be a whole number ≥ 1, not ${generation}`);
    this.key = this.keyOf(generation);
    if (generation > 1) this.previousKey = this.keyOf(generation - 1);
  }

  /** Lets the function issue tokens: `kms:Sign`, and `kms:GetPublicKey` for the `kid`. */
  grantIssue(fn: HouseFunction): void {
    this.key.grant(fn, 'kms:Sign', 'kms:GetPublicKey');
    this.describeTokensTo(fn);
  }

  /** Lets the function check tokens: `kms:GetPublicKey` of the current and the previous key, and nothing else. */
  grantVerify(fn: HouseFunction): void {
    this.key.grant(fn, 'kms:GetPublicKey');
    if (this.previousKey) {
      this.previousKey.grant(fn, 'kms:GetPublicKey');
      fn.addEnvironment('TOKEN_PREVIOUS_KMS_KEY_ID', this.previousKey.keyId);
    }
    this.describeTokensTo(fn);
  }

  /** The key of one generation; the first keeps the construct id it always had, so upgrading replaces nothing. */
  private keyOf(generation: number): kms.Key {
    return new kms.Key(this, generation === 1 ? 'Key' : `KeyV${generation}`, {
      description: generation === 1 ? 'Signs grid-service access tokens (ES256)' : `Signs grid-service access tokens (ES256), generation ${generation}`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
    });
  }

  private describeTokensTo(fn: HouseFunction): void {
    fn.addEnvironment('TOKEN_KMS_KEY_ID', this.key.keyId);
    fn.addEnvironment('TOKEN_ISSUER', TOKEN_ISSUER);
    fn.addEnvironment('TOKEN_AUDIENCE', TOKEN_AUDIENCE);
  }
}
