import { roleSchema } from '../auth/identity';
import { type FieldDocs, apiDocsOf } from '../http/api-docs';
import { languageSchema } from '../http/identity';
import { userSchema } from './model';
import { userRoutes } from './routes';
import { authRoutes, sessionSchema } from './sign-in-routes';

// Example people, shaped as the service makes them: ids are `newId()` (9 base-36 time characters
// and 7 random ones), org units are the organisation's readable ids.

/** A resident as their first WeChat sign-in made them. */
const resident = {
  id: '0mm8hlc80T7hQ2pL',
  displayName: '微信用户',
  role: 'resident',
  units: [],
  stations: [],
  homeGridId: 'gulou-hunan-g1',
  createdAt: '2026-03-02T01:15:00.000Z',
  phone: '13812345678',
  language: 'zh',
};

/** A grid worker the city imported by phone number. */
const gridWorker = {
  id: '0mkz3f2a0Qw8Lm2x',
  displayName: '李网格员',
  role: 'grid_worker',
  units: ['gulou-hunan-g1'],
  stations: [],
  createdAt: '2026-01-12T02:00:00.000Z',
  phone: '13905171234',
  language: 'zh',
};

/**
 * A token as `POST /auth/wechat` issues it: ES256, naming the resident above, issued
 * 2026-07-15T02:30:00Z and lasting two hours.
 */
const TOKEN =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjVHZEtoR2VCdWZTSEtvQ0NVamoyRXcycHh0S3k3SmJnUzJqQk1kNVZXUlUifQ.' +
  'eyJzdWIiOiIwbW04aGxjODBUN2hRMnBMIiwidmVyIjowLCJpc3MiOiJncmlkLXNlcnZpY2UiLCJhdWQiOiJncmlkLXNlcnZpY2UtYXBpIiwiaWF0IjoxNzg0MDgyNjAwLCJleHAiOjE3ODQwODk4MDAsImp0aSI6IjZmMWMyYjllLTRkM2EtNGI4Zi05ZTIxLTdhNWMwZDNlOGY0MiJ9.' +
  'gbVDBkEMT9NAx-esAlYKO35QIIiuAKVW4HiiUNXIkZZq7sqAeiUFJPAvFT4LLRyo3jh2GMLKo14s3FcjFhG-TA';

/** The words of a session, shared by sign-in and the phone binding (which answers a session too). */
const sessionFields: FieldDocs = {
  token: {
    description:
      'Our own access token, a JWT signed with ES256. Send it on every call as `Authorization: Bearer <token>`. It names the user ' +
      'and nothing else: the role and scope are read on each call, so a change of them reaches a token in use within 60 s. ' +
      'Keep it secret (never log it); it is not meant to be decoded by the client.',
    example: TOKEN,
  },
  tokenType: 'Always `Bearer`: how the token goes in the `Authorization` header.',
  expiresIn: {
    description:
      'Seconds the token stays valid from now: 7200, two hours, in the standard deployment (`TOKEN_TTL_SECONDS`). There is no refresh token: ' +
      'before it runs out, or on a 401 `unauthorized`, call `wx.login()` again and sign in with the new code. It also stops ' +
      'working earlier, within 60 s, when the person signs out everywhere or an admin deactivates the account.',
    example: 7200,
  },
  user: 'The profile of the person the token is for: the same as `GET /me` answers.',
};

/** A WeChat code: what the mini-program gets from a WeChat API and passes on without reading it. */
const codeWords = (api: string, local: string): string =>
  `The code ${api} gave the mini-program: single use, valid for 5 minutes (WeChat's rules), so send it at once. ${local}`;

/** The words of the users feature: me, other people's profiles, roles and deactivation. */
export const userDocs = apiDocsOf(userRoutes, {
  schemas: [
    [
      userSchema,
      {
        name: 'User',
        description:
          'A person as the service knows them: profile, role and scope. Shown to the person themselves (`GET /me`) and to the admins ' +
          'whose scope reaches them; never the WeChat openid.',
        fields: {
          id: { description: 'The user id: what other answers name as `userId`, `createdBy`, `assigneeId`.', example: '0mm8hlc80T7hQ2pL' },
          displayName: {
            description: 'The name shown to others: `微信用户` for an account a WeChat sign-in made; a staff account has the name the city imported it with.',
            example: '微信用户',
          },
          role: 'The one role the person has; it decides which operations they may call.',
          units: {
            description:
              'The org units the role reaches: an admin’s administered units (`city` for the whole city), a grid worker’s grids ' +
              '(网格), a volunteer’s micro-grids (微网格). Usually empty for residents, outdoor workers and station managers.',
            example: ['gulou-hunan-g1'],
          },
          stations: {
            description:
              'The rest stations (宁小蜂驿站) a station manager runs, by station id, as the stations’ own `managers` lists say. Empty for every other role.',
            example: [],
          },
          homeGridId: {
            description: 'The grid (网格) a resident lives in: where a request sent without a location goes. Absent when not known.',
            example: 'gulou-hunan-g1',
          },
          createdAt: { description: 'When the account was made (ISO 8601, UTC): the first WeChat sign-in, or the staff import.', example: '2026-03-02T01:15:00.000Z' },
          phone: {
            description:
              'The mainland mobile number (11 digits), when known: imported with a staff account, or confirmed with WeChat’s ' +
              'phone-number button (`POST /auth/wechat/phone`). Absent when neither happened.',
            example: '13812345678',
          },
          deactivatedAt: {
            description:
              'When an admin deactivated the account (ISO 8601, UTC): it cannot sign in and its tokens no longer work. Absent while the account is active.',
            example: '2026-07-15T06:00:00.000Z',
          },
          language: 'The language the person reads the service in: `zh` unless they chose `en` with `PUT /me/language`. Always present on `GET /me` and `PUT /me/language`; elsewhere only once chosen.',
        },
        example: resident,
      },
    ],
    [
      roleSchema,
      {
        name: 'Role',
        description:
          'What a person is to the service. `resident`: a resident (居民) who sends requests, the role of every new WeChat account; ' +
          '`outdoor_worker`: an outdoor worker (户外劳动者, e.g. a sanitation worker) who uses the rest stations; `grid_worker`: a grid ' +
          'worker (网格员) who handles the requests of their grids; `volunteer`: a micro-grid volunteer (微网格员) who takes shifts; ' +
          '`station_manager`: runs rest stations (宁小蜂驿站); `admin`: administers units (a district, a street, a community) or the whole city.',
        example: 'grid_worker',
      },
    ],
    [
      languageSchema,
      {
        name: 'Language',
        description: 'A language the service speaks: `zh` Chinese (the default) or `en` English.',
        example: 'zh',
      },
    ],
  ],
  operations: {
    getMe: {
      response: { example: resident },
    },
    setMyLanguage: {
      request: {
        description: 'The language to read the service in.',
        fields: {
          language:
            'The language chosen. A call with an `Accept-Language` header is still answered in that; this is for calls without one and for ' +
            'WeChat subscribe messages, which are sent without a call. Reaches answers within 60 s.',
        },
        example: { language: 'en' },
      },
      response: { example: { ...resident, language: 'en' } },
    },
    getUser: {
      parameters: { userId: { description: 'The user to show: their `id`. 404 when no such user is within your scope.', example: '0mkz3f2a0Qw8Lm2x' } },
      response: { example: gridWorker },
    },
    assignRole: {
      parameters: { userId: { description: 'The user whose role to set: their `id`. Not yourself (403).', example: '0mkz3f2a0Qw8Lm2x' } },
      request: {
        description: 'The role to give and the units it reaches; both replace what the user had.',
        fields: {
          role: 'The new role.',
          units: {
            description:
              'The org units the role reaches, by id, at most 50: grids for a grid worker, micro-grids for a volunteer, the ' +
              'administered units for an admin (`city` only from a city-wide admin). Each must exist (400 naming `body.units.N`) and ' +
              'be within your scope (404). Empty (the default) for residents, outdoor workers and station managers.',
            example: ['gulou-hunan-g1'],
          },
        },
        example: { role: 'grid_worker', units: ['gulou-hunan-g1'] },
      },
      response: { example: gridWorker },
    },
    deactivateUser: {
      parameters: { userId: { description: 'The user to deactivate: their `id`. Not yourself (403).', example: '0mkz3f2a0Qw8Lm2x' } },
      response: { example: { ...gridWorker, deactivatedAt: '2026-07-15T06:00:00.000Z' } },
    },
    reactivateUser: {
      parameters: { userId: { description: 'The user to reactivate: their `id`. Not yourself (403).', example: '0mkz3f2a0Qw8Lm2x' } },
      response: { example: gridWorker },
    },
  },
});

/** The words of signing in: the WeChat sign-in, the phone binding, signing out everywhere. */
export const authDocs = apiDocsOf(authRoutes, {
  schemas: [
    [
      sessionSchema,
      {
        name: 'Session',
        description: 'A signed-in session: the access token to send on every call, how long it lasts, and whom it is for.',
        fields: sessionFields,
        example: { token: TOKEN, tokenType: 'Bearer', expiresIn: 7200, user: resident },
      },
    ],
  ],
  operations: {
    signInWithWeChat: {
      request: {
        description: 'A WeChat login code to exchange for a session.',
        fields: {
          code: {
            description: codeWords(
              '`wx.login()`',
              'A WeChat account signing in for the first time becomes a new resident. Locally (`npm start`) also `dev:<userId>`, ' +
                'which signs in as an existing user without WeChat, e.g. `dev:demo-resident`.',
            ),
            example: '0c3Xk2Ga1qLmVJ0wZ9Ia1Vd6ZR3Xk2Gw',
          },
        },
        example: { code: '0c3Xk2Ga1qLmVJ0wZ9Ia1Vd6ZR3Xk2Gw' },
      },
      // A deactivated account is refused with the generic 403 `forbidden`.
      errors: ['wechat_code_invalid', 'wechat_user_blocked', 'wechat_rate_limited'],
    },
    bindWeChatPhone: {
      request: {
        description: 'A WeChat phone-number code, confirming the caller’s mobile number.',
        fields: {
          code: {
            description: codeWords(
              'the phone-number button (`<button open-type="getPhoneNumber">`, its event’s `detail.code`)',
              'Locally (`npm start`) also `dev:<11 digits>`, which confirms that number without WeChat.',
            ),
            example: '8f2d1c6b0a4e93d7c5b1a2f6e8d0c4b7a9e3f1d5c7b2a0e4f6d8c1b3a5e7f9d2',
          },
        },
        example: { code: '8f2d1c6b0a4e93d7c5b1a2f6e8d0c4b7a9e3f1d5c7b2a0e4f6d8c1b3a5e7f9d2' },
      },
      response: {
        description:
          'A session for the account the caller’s WeChat now signs in as. Use its token from now on: when `bound`, the token the call ' +
          'was made with stops working within 60 s.',
        fields: {
          ...sessionFields,
          user: 'The profile of the account the token is for: the staff account when `bound`, otherwise the caller’s own, with `phone` set.',
          bound:
            '`true`: the number belongs to a staff account the city imported, and this WeChat account now signs in as it (the earlier ' +
            'resident account is ended); `false`: no staff account has the number, which is kept on the caller’s profile, and they stay a resident.',
        },
        example: { token: TOKEN, tokenType: 'Bearer', expiresIn: 7200, user: gridWorker, bound: true },
      },
      // `conflict`: the caller is not a plain resident, signed in without WeChat (`dev:`), or another binding is under way;
      // `forbidden` (generic): the staff account is deactivated.
      errors: ['wechat_phone_code_invalid', 'wechat_rate_limited', 'conflict'],
    },
  },
});
