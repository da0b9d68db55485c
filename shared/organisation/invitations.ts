import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { conflict } from '../http/errors';
import { writeIf } from '../table/conditions';
import { organisationKeys as keys, tableDesign } from '../table/design';
import { withoutKeys } from '../table/query';
import { DAY_MS } from '../time/local';
import type { Invitation } from './model';
import { epochSecondsOf } from '../table/expiry';

/**
 * Invitation codes: a grid worker makes one for a micro-grid and reads it out or posts it in the
 * WeChat group; residents join the micro-grid with it. One item per code, collected by TTL after it
 * expires (and refused by reads from that moment on).
 */

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short code: 8 characters, no look-alikes. */
export function newInvitationCode(): string {
  return [...randomBytes(8)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

/** Makes and stores a new code for a micro-grid, valid for `validDays` from `now`; a code collision is a 409. */
export async function inviteToMicroGrid(microGridId: string, createdBy: string, validDays: number, now: Date): Promise<Invitation> {
  const invitation: Invitation = {
    code: newInvitationCode(),
    microGridId,
    createdBy,
    createdAt: now.toISOString(),
    validUntil: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
  };
  const stored = await writeIf(
    documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: {
          ...keys.invitation(invitation.code),
          entity: 'invitation',
          [tableDesign.timeToLiveAttribute]: epochSecondsOf(new Date(invitation.validUntil)),
          ...invitation,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (!stored) throw conflict('invitation code collision; try again');
  return invitation;
}

/** Reads an invitation still valid at `now`; TTL only collects garbage, so expiry is checked here. */
export async function getInvitation(code: string, now: Date): Promise<Invitation | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.invitation(code) }));
  if (!output.Item) return undefined;
  const invitation = withoutKeys<Invitation>(output.Item);
  return Date.parse(invitation.validUntil) > now.getTime() ? invitation : undefined;
}
