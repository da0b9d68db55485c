import { authRoutes } from '../../shared/users/sign-in-routes';
import { issueToken } from '../../shared/auth/tokens';
import { exchangeCode } from '../../shared/auth/wechat';
import { config } from '../../shared/config';
import { httpFunction, reply } from '../../shared/http/function';
import { idSchema } from '../../shared/http/common';
import { ProblemError, forbidden, notFound, validationFailed } from '../../shared/http/errors';
import type { User } from '../../shared/users/model';
import * as users from '../../shared/users/repository';

/** Locally, `dev:<userId>` signs in as an existing user without WeChat. */
const DEV_PREFIX = 'dev:';

/** The local-only shortcut: sign in as a user by id. */
async function devUser(userId: string): Promise<User> {
  if (!idSchema.safeParse(userId).success) {
    throw validationFailed([{ field: 'body.code', code: 'invalid', message: 'dev:<userId> needs a user id' }]);
  }
  const user = await users.getUser(userId);
  if (!user) throw notFound(`user ${userId}`);
  return user;
}

/** The user a WeChat code belongs to, registering them as a resident on their first sign-in. */
async function weChatUser(code: string): Promise<User> {
  const { openId } = await exchangeCode(code);
  const userId = await users.findUserIdByOpenId(openId);
  if (!userId) return users.registerWeChatUser(openId, new Date());
  const user = await users.getUser(userId);
  // The user item is written before its link, so a link always has a user.
  if (!user) throw new Error(`WeChat link points at a missing user ${userId}`);
  return user;
}

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
    const access = await users.accessOf(user.id);
    if (!access) throw new Error(`user ${user.id} vanished while signing in`);
    if (!access.active) throw forbidden('this account is deactivated');
    const { token, expiresIn } = await issueToken({ userId: user.id, tokenVersion: access.tokenVersion });
    // A token response must never be cached (RFC 6749 §5.1).
    return reply(
      { token, tokenType: 'Bearer' as const, expiresIn, user },
      { headers: { 'cache-control': 'no-store' } },
    );
  },

  async signOutEverywhere({ identity }) {
    await users.signOutEverywhere(identity.userId);
    return undefined;
  },
});
