import { authRoutes } from '../../shared/users/sign-in-routes';
import { issueToken } from '../../shared/auth/tokens';
import { exchangeCode } from '../../shared/auth/wechat';
import { exchangePhoneCode } from '../../shared/auth/wechat-phone';
import { config } from '../../shared/config';
import { httpFunction, reply } from '../../shared/http/function';
import { idSchema } from '../../shared/http/common';
import { ProblemError, forbidden, notFound, validationFailed } from '../../shared/http/errors';
import { count } from '../../shared/observability/metrics';
import type { User } from '../../shared/users/model';
import * as users from '../../shared/users/repository';
import { bindPhone, completeBindingAtSignIn } from '../../shared/users/staff-binding';
import { registerWeChatUser, weChatLinkOf } from '../../shared/users/wechat-links';

/** Locally, `dev:<userId>` signs in as an existing user without WeChat, and `dev:<phone>` confirms a number. */
const DEV_PREFIX = 'dev:';
/** What `dev:` confirms locally: 11 digits, as WeChat's `purePhoneNumber`. */
const DEV_PHONE = /^\d{11}$/;

/** The local-only shortcut: sign in as a user by id. */
async function devUser(userId: string): Promise<User> {
  if (!idSchema.safeParse(userId).success) {
    throw validationFailed([{ field: 'body.code', code: 'invalid', message: 'dev:<userId> needs a user id' }]);
  }
  const user = await users.getUser(userId);
  if (!user) throw notFound(`user ${userId}`);
  return user;
}

/**
 * The user a WeChat code belongs to, registering them as a resident on their first sign-in; a phone
 * binding that died half-way is completed first (shared/users/staff-binding.ts).
 */
async function weChatUser(code: string): Promise<User> {
  const { openId } = await exchangeCode(code);
  const link = await weChatLinkOf(openId);
  if (!link) return registerWeChatUser(openId, new Date());
  const record = await users.userRecordOf(link.userId);
  // The user item is written before its link, so a link always has a user.
  if (!record) throw new Error(`WeChat link points at a missing user ${link.userId}`);
  await completeBindingAtSignIn(openId, link, record, new Date());
  return record.user;
}

/** The phone number a code stands for: WeChat's exchange, or locally `dev:<11 digits>`. */
async function phoneOfCode(code: string): Promise<string> {
  if (!code.startsWith(DEV_PREFIX)) return exchangePhoneCode(code);
  // Outside the local runtime the prefix is just a code WeChat would refuse: do not ask it.
  if (config().stage !== 'local') throw new ProblemError('wechat_phone_code_invalid');
  const phone = code.slice(DEV_PREFIX.length);
  if (!DEV_PHONE.test(phone)) {
    throw validationFailed([{ field: 'body.code', code: 'invalid', message: 'dev:<phone> needs 11 digits' }]);
  }
  return phone;
}

/** A new session for a user: refused (403) when the account is deactivated; counted in `SignIns`. */
async function sessionOf(user: User) {
  const access = await users.accessOf(user.id);
  if (!access) throw new Error(`user ${user.id} vanished while signing in`);
  if (!access.active) throw forbidden('this account is deactivated');
  const { token, expiresIn } = await issueToken({ userId: user.id, tokenVersion: access.tokenVersion });
  count('signIns');
  return { token, tokenType: 'Bearer' as const, expiresIn, user };
}

/** A token response must never be cached (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store' };

export const handler = httpFunction(authRoutes, {
  async signInWithWeChat({ body }) {
    let user: User;
    if (body.code.startsWith(DEV_PREFIX)) {
      // Outside the local runtime the prefix is just a code WeChat would refuse: do not ask it.
      if (config().stage !== 'local') throw new ProblemError('wechat_code_invalid');
      user = await devUser(body.code.slice(DEV_PREFIX.length));
    } else {
      user = await weChatUser(body.code);
    }
    return reply(await sessionOf(user), { headers: NO_STORE });
  },

  async bindWeChatPhone({ identity, body }) {
    const { bound, user } = await bindPhone(identity.userId, body.code, new Date(), phoneOfCode);
    return reply({ ...(await sessionOf(user)), bound }, { headers: NO_STORE });
  },

  async signOutEverywhere({ identity }) {
    await users.signOutEverywhere(identity.userId);
    return undefined;
  },
});
