import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { photoLifecycle } from '../shared/photos/objects';
import type { HouseFunction } from './house-function';
import type { ObjectGrant } from './photo-access';

/** How long the photos bucket's access logs are kept: a year, as the table's history. */
const ACCESS_LOG_DAYS = 365;

/**
 * The private bucket photos live in (key layout: shared/photos/objects.ts). Nothing in it is
 * public: every public access is blocked, the bucket policy refuses any request not made over TLS
 * (1.2 at least), objects are encrypted at rest (SSE-S3), and a photo is read only through a
 * presigned URL a function signs for someone who may see it. What arrived as sent (`uploads/`)
 * expires a day after it arrived, a processed photo still tagged unattached two days after it was
 * made; photos tagged attached stay. Every request to it is logged in an access-log bucket of its own.
 */
export class PhotosBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const safe = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...safe,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(ACCESS_LOG_DAYS) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the photos bucket; logging it into itself would loop.',
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...safe,
      // No ACLs at all: the bucket owner owns every object, and only policies grant access.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'photos-bucket/',
      lifecycleRules: [
        ...photoLifecycle.map(({ id, prefix, tag, days }) => ({
          id,
          prefix,
          ...(tag ? { tagFilters: { [tag.key]: tag.value } } : {}),
          expiration: Duration.days(days),
        })),
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /**
   * Grants a function exactly its declared access (infra/photo-access.ts): each grant's actions on
   * the objects under its prefix, and listing held to that prefix where declared; the name goes in `PHOTOS_BUCKET`.
   */
  grant(fn: HouseFunction, grants: readonly ObjectGrant[]): void {
    for (const { prefix, actions } of grants) {
      const onObjects = actions.filter((action) => action !== 'ListBucket');
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: onObjects.map((action) => `s3:${action}`), resources: [this.bucket.arnForObjects(`${prefix}*`)] }),
      );
      if (actions.includes('ListBucket')) {
        // On the bucket, held to the prefix: S3 then answers a missing key under it with 404, not 403.
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [this.bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
          }),
        );
      }
    }
    fn.addEnvironment('PHOTOS_BUCKET', this.bucket.bucketName);
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)) as string;
    for (const { prefix } of grants) {
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: `Objects are named by upload id under ${prefix}: the grant is that prefix's objects, for the actions infra/photo-access.ts declares, nothing on the bucket itself.`,
      });
    }
  }
}
