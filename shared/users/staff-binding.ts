import { conflict, forbidden, unauthorized } from '../http/errors';
import type { User } from './model';
import { type UserRecord, endMergedUser, getUser, replaceOpenId, setPhone, signOutEverywhere, userRecordOf } from './repository';
import { markPhoneBound, staffUserOfPhone } from './staff';
import { type WeChatLink, deleteWeChatLink, moveWeChatLink, weChatLinkOf } from './wechat-links';

/**
 * Someone signed in with WeChat confirms their mobile number with WeChat's phone-number button. If
 * the city imported a staff account for that number (shared/users/staff.ts), the WeChat account is
 * bound to it: from now on it signs in as that staff user, and the fresh resident user its first
 * sign-in made is ended. Otherwise the number is kept on the person's profile and they stay a resident.
 *
 * The WeChat link (`WECHAT#<openid>`) decides whom an openid signs in as: moving it is the binding.
 * The writes run in this order, so a crash between any two leaves a state that is completed later:
 *
 * 1. the link moves from the resident R to the staff user S (remembering `boundFrom: R`), only if
 *    it still names R. Before it, nothing changed: a retry starts over.
 * 2. the completion ({@link completeBinding}), where each step may run again harmlessly:
 *    a. if S had another openid (the person changed WeChat account), that account's link is removed
 *       and S's token version moves on (its old sessions end);
 *    b. R is deactivated, `mergedInto: S`, its token version moved on (its token stops working);
 *    c. the phone link records `boundAt`;
 *    d. last, S's `openId` becomes the bound one: the mark that the binding is complete.
 *
 * A crash after 1 and before 2d leaves a link with `boundFrom` whose user's `openId` is another: the
 * retry (R's token still works until 2b) finds the link already naming S and completes; so does the
 * next WeChat sign-in of that openid ({@link completeBindingAtSignIn}), whoever comes first.
 */

/** What the phone-number button came to: whether the WeChat account is now a staff user's, and whose session to issue. */
export interface PhoneBinding {
  bound: boolean;
  user: User;
}

/**
 * Binds the caller's WeChat account to the staff user imported for the number `exchange` turns the
 * code into, or keeps the number on the caller's profile when no staff user has it. 403 when the
 * staff account is deactivated; 409 when the caller has no WeChat account to bind (a `dev:` sign-in)
 * or is not a plain resident (their own role and data would be lost).
 */
export async function bindPhone(callerId: string, code: string, now: Date, exchange: (code: string) => Promise<string>): Promise<PhoneBinding> {
  const phone = await exchange(code);
  const [staffId, caller] = await Promise.all([staffUserOfPhone(phone), userRecordOf(callerId)]);
  // The authorizer has just read this user: gone since means the caller is no one.
  if (!caller) throw unauthorized();
  if (!staffId) {
    // A staff user keeps the number the city imported them with.
    if (caller.staff || caller.user.phone === phone) return { bound: false, user: caller.user };
    return { bound: false, user: await setPhone(callerId, phone) };
  }
  if (staffId === callerId) return { bound: true, user: caller.user };

  const staff = await userRecordOf(staffId);
  // The staff user is written before its phone link, so a link always has a user.
  if (!staff) throw new Error(`phone link points at a missing user ${staffId}`);
  if (staff.user.deactivatedAt !== undefined) throw forbidden('this account is deactivated');
  if (!caller.openId) throw conflict('this sign-in has no WeChat account to bind');
  if (caller.staff || caller.user.role !== 'resident') {
    throw conflict('this account has a role of its own; an admin can change it');
  }
  const openId = caller.openId;
  if (!(await moveWeChatLink(openId, callerId, staffId, now))) {
    // Moved already by an attempt that died before completing it; anything else is not ours to move.
    const link = await weChatLinkOf(openId);
    if (link?.userId !== staffId) throw conflict('this WeChat account is bound elsewhere');
  }
  await completeBinding(openId, staff, callerId, now);
  const user = await getUser(staffId);
  if (!user) throw new Error(`user ${staffId} vanished while binding`);
  return { bound: true, user };
}

/**
 * Sign-in's repair: an openid whose link a binding moved (`boundFrom`) to a user whose `openId` is
 * not (yet) this one is a binding that died before its last step; complete it before signing in.
 */
export async function completeBindingAtSignIn(openId: string, link: WeChatLink, user: UserRecord, now: Date): Promise<void> {
  if (link.boundFrom === undefined || user.openId === openId) return;
  await completeBinding(openId, user, link.boundFrom, now);
}

/** How many times the last step is tried when another binding of the same staff user changes its openid meanwhile. */
const ATTEMPTS = 2;

/** Steps 2a–2d above; every one may run again. */
async function completeBinding(openId: string, staff: UserRecord, residentId: string, now: Date): Promise<void> {
  const staffId = staff.user.id;
  let seen = staff.openId;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (seen !== undefined && seen !== openId) {
      await deleteWeChatLink(seen, staffId);
      await signOutEverywhere(staffId);
    }
    if (residentId !== staffId) await endMergedUser(residentId, staffId, now);
    if (staff.user.phone !== undefined) await markPhoneBound(staff.user.phone, staffId, now);
    if (seen === openId || (await replaceOpenId(staffId, openId, seen))) return;
    seen = (await userRecordOf(staffId))?.openId;
  }
  throw conflict('another binding of this account is under way; try again');
}
