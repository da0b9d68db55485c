import { type ObjectAction, photoAccessOf } from '../../photo-access';
import { functionOfAccessKey } from '../environment';
import { S3Error, accessDenied, noSuchKey } from './errors';

/**
 * Who may do what in the bucket: the developer everything, a function what its entry in
 * infra/photo-access.ts grants, as its role would in AWS. A refusal is S3's AccessDenied, and is kept
 * (`ObjectStore.denials()`) and logged with the function's grants, so a missing grant is found at once.
 */

/** An access key pair. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Who signed a request: the developer (everything allowed) or a function (its grants). */
export type Principal = { kind: 'developer' } | { kind: 'function'; name: string };

/**
 * What IAM is asked about: the actions a function may be granted (infra/photo-access.ts), and those
 * no function is granted, which only the developer passes (reading and removing an object's tags).
 */
export type Action = ObjectAction | 'GetObjectTagging' | 'DeleteObjectTagging';

/** The developer, or the function an access key id names; any other key is unknown, as to S3. */
export function principalOf(developer: Credentials, accessKeyId: string): Principal {
  if (accessKeyId === developer.accessKeyId) return { kind: 'developer' };
  const name = functionOfAccessKey(accessKeyId);
  if (name) return { kind: 'function', name };
  throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });
}

/** One principal's grants, judging its calls and recording each refusal in `denials`. */
export class Grants {
  constructor(
    private readonly principal: Principal,
    private readonly denials: string[],
  ) {}

  /** Whether the principal may do `action` on `key` (for ListBucket, the prefix listed). */
  allows(action: Action, key: string): boolean {
    if (this.principal.kind === 'developer') return true;
    const grants = photoAccessOf(this.principal.name) ?? [];
    // `ListBucket` is not an object action today; a grant of it (with its prefix as `s3:prefix`) would count.
    return grants.some((grant) => (grant.actions as readonly string[]).includes(action) && key.startsWith(grant.prefix));
  }

  /** Throws AccessDenied unless the principal may do `action` on `bucket/key`. */
  require(action: Action, bucket: string, key: string): void {
    if (!this.allows(action, key)) this.deny(action, bucket, key, 'not granted');
  }

  /**
   * The error for a key that does not exist: NoSuchKey to who may list the bucket, else AccessDenied,
   * since S3 does not tell who may not list the bucket whether a key exists (GetObject's documentation).
   */
  missing(action: Action, bucket: string, key: string): never {
    if (this.allows('ListBucket', key)) throw noSuchKey(key);
    this.deny(action, bucket, key, 'the object does not exist, and without s3:ListBucket S3 answers AccessDenied rather than NoSuchKey');
  }

  private deny(action: Action, bucket: string, key: string, reason: string): never {
    const name = this.principal.kind === 'function' ? this.principal.name : 'developer';
    const grants = (photoAccessOf(name) ?? []).map((grant) => `${grant.prefix}* ${grant.actions.join('/')}`).join(', ') || 'none';
    const denial = `${name}: s3:${action} on ${bucket}/${key}: ${reason} (infra/photo-access.ts grants: ${grants})`;
    this.denials.push(denial);
    console.error(`[object access] ${denial}`);
    throw accessDenied();
  }
}
