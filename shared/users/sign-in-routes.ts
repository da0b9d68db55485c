// Sign-in belongs to users (it answers with the user); shared/auth is the layer below every feature: identity, scope, tokens.
import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { userSchema } from './model';

export const sessionSchema = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  user: userSchema,
});

/** Sign-in: a WeChat mini-program `wx.login` code is exchanged for our own token. */
export const authRoutes = {
  signInWithWeChat: defineRoute({
    method: 'POST',
    path: '/auth/wechat',
    function: 'auth',
    tag: 'auth',
    summary: 'Sign in with a wx.login code (locally also dev:<userId>)',
    access: 'public',
    body: z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(128)) }),
    success: { status: 200, description: 'A signed token for the Authorization header', schema: sessionSchema },
    errors: [400, 403, 429, 502],
  }),
  signOutEverywhere: defineRoute({
    method: 'POST',
    path: '/auth/sign-out-everywhere',
    function: 'auth',
    tag: 'auth',
    summary: 'End every session of mine: every token issued to me so far stops working within 60 s (the authorizer cache)',
    access: ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'],
    success: { status: 204, description: 'Signed out everywhere; sign in again for a new token' },
  }),
};
