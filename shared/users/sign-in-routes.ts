// Sign-in belongs to users (it answers with the user); shared/auth is the layer below every feature: identity, scope, tokens.
import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { userSchema } from './model';

/** Spread by hand into the binding's answer rather than `z.extend` (see the note in shared/stations/model.ts). */
const sessionShape = {
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  user: userSchema,
};
export const sessionSchema = z.object(sessionShape);

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
  bindWeChatPhone: defineRoute({
    method: 'POST',
    path: '/auth/wechat/phone',
    function: 'auth',
    tag: 'auth',
    summary:
      'Confirm my mobile number with a getPhoneNumber code (locally also dev:<11 digits>). If the city imported a staff ' +
      'account for it, my WeChat account is bound to that account: the answer is a session for it (bound: true), and my ' +
      'earlier resident account and its token end. Otherwise the number is kept on my profile and I stay a resident.',
    access: ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'],
    body: z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(128)) }),
    success: {
      status: 200,
      description: 'A signed token for the account my WeChat now signs in as, and whether it is a staff account',
      schema: z.object({ ...sessionShape, bound: z.boolean() }),
    },
    errors: [400, 403, 409, 429, 502],
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
