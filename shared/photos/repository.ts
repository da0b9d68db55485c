import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, putNewWithEvents } from '../events/outbox';
import { batchGetItems } from '../table/batch';
import { writeIf } from '../table/conditions';
import { photoKeys as keys } from '../table/design';
import { expiresAfter } from '../table/expiry';
import { withoutKeys } from '../table/query';
import { buildUpdate } from '../table/update';
import { CREATION_FINGERPRINT, itemAt } from '../table/creation';
import { ProblemError } from '../http/errors';
import type { PhotoTarget, Upload } from './model';
import { attachableUntil } from './terms';

/**
 * Upload items, by access pattern. One item per upload (`UPLOAD#<id>`): written when the file
 * arrives, with its `photo.uploaded` event; moved on by processing; marked when attached. Until it
 * is attached it carries `expiresAt` a day after it can no longer be attached, for TTL to collect.
 */

/** An upload item without the table's bookkeeping. */
export const toUpload = (item: Record<string, unknown>): Upload => withoutKeys<Upload & Record<string, unknown>>(item);

/** Kept a day past the time it could be attached; attaching removes it. */
const garbageAt = (upload: Upload): number => expiresAfter(attachableUntil(upload), 24 * 3600);

/** Records a new upload with its event; a taken id (a retry under the same Idempotency-Key) is a KeyTakenError. */
export async function recordUpload(upload: Upload, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  await putNewWithEvents(keys.upload(upload.id), 'upload', { ...upload, expiresAt: garbageAt(upload) }, events, fingerprint);
}

/**
 * The upload an earlier attempt of this very request made (the same caller, key and file: the same
 * fingerprint), checked before the file is written again; a key used for another file is a 422.
 */
export async function earlierAttempt(creation: { id: string; fingerprint?: string }): Promise<Upload | undefined> {
  if (!creation.fingerprint) return undefined;
  const item = await itemAt(keys.upload(creation.id));
  if (!item) return undefined;
  if (item[CREATION_FINGERPRINT] !== creation.fingerprint) throw new ProblemError('idempotency_key_reused');
  return toUpload(item);
}

/** One upload, read consistently (its owner polls it right after sending it). */
export async function getUpload(uploadId: string): Promise<Upload | undefined> {
  const item = await itemAt(keys.upload(uploadId));
  return item ? toUpload(item) : undefined;
}

/** The uploads with these ids (at most a few tens: an attachment's), those that exist. */
export async function getUploads(uploadIds: readonly string[]): Promise<Upload[]> {
  const items = await batchGetItems(uploadIds.map(keys.upload), { consistent: true });
  return items.map((item) => toUpload(item));
}

/**
 * Ends processing: `ready` with the display size's dimensions, or `rejected` with why. Only from
 * `processing`, so a redelivered event changes nothing; false when it had already ended.
 */
export async function finishProcessing(
  uploadId: string,
  outcome: { status: 'ready'; width: number; height: number } | { status: 'rejected'; reason: string },
): Promise<boolean> {
  const { status, ...details } = outcome;
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(config().tableName, {
          key: keys.upload(uploadId),
          set: { status, ...details },
          condition: '#status = :processing',
          names: { '#status': 'status' },
          values: { ':processing': 'processing' },
        }),
      ),
    ),
  );
}

/**
 * Marks uploads attached to `target` and no longer garbage. Bookkeeping after the object that holds
 * them is written: an upload attached elsewhere meanwhile (the same owner, two objects at once)
 * keeps its first target; its photo then shows on both, which only its owner could cause.
 */
export async function markAttached(uploadIds: readonly string[], target: PhotoTarget): Promise<void> {
  await Promise.all(
    uploadIds.map((uploadId) =>
      writeIf(
        documents().send(
          new UpdateCommand(
            buildUpdate(config().tableName, {
              key: keys.upload(uploadId),
              set: { attachedTo: target },
              remove: ['expiresAt'],
              condition: 'attribute_exists(pk) AND (attribute_not_exists(attachedTo) OR attachedTo = :target)',
              values: { ':target': target },
            }),
          ),
        ),
      ),
    ),
  );
}
