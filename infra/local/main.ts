/**
 * `npm start`: the whole backend on this machine, no AWS account needed.
 * PORT (default 3000) and DATA_DIR (default .data/) configure it; data survives restarts.
 * LOCAL_FUNCTIONS=bundles runs each function from the esbuild bundle CDK deploys, in a worker thread
 * of its own (LOCAL_BUNDLES_DIR: bundles already built; else they are built at start).
 */
import { startRuntime } from './runtime';
import { hasDataMarker } from './seeds/demo';
import { demoUsers } from './seeds/organisation';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? '.data';
const started = Date.now();
// WeChat itself is not reachable from a laptop's backend without an app: a stand-in answers for it,
// unless WECHAT_BASE_URL points somewhere (a real or shared fake WeChat).
const wechatStandIn = !process.env.WECHAT_BASE_URL;
const runtime = await startRuntime({ port, dataDir, separateEngineProcess: true, wechatStandIn });

const cityImported = !runtime.seeded && (await hasDataMarker('city'));
const signInCurl = (code: string) =>
  `$(curl -s ${runtime.url}/auth/wechat -H 'content-type: application/json' -d '{"code":"${code}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`;

/** Who to sign in as: the demo users by id, or, in an imported city, its staff by phone. */
const people = cityImported
  ? `
  An imported city: its staff sign in with WeChat and confirm their number (see WeChat below);
  \`npm run city -- grant-admin --phone <mobile> --unit <unit id|city> --data-dir ${dataDir}\` (with npm start
  stopped) makes anyone an admin first.`
  : `
  Demo users — sign in with POST /auth/wechat {"code":"dev:<id>"}:
${demoUsers.map((user) => `    ${user.id.padEnd(22)} ${user.role.padEnd(16)} ${user.displayName}`).join('\n')}

  Try:
    TOKEN=${signInCurl('dev:demo-admin')}
    curl -s ${runtime.url}/org-units/lushan/children -H "authorization: Bearer $TOKEN"`;

const weChat = wechatStandIn
  ? `
  WeChat is a local stand-in (${process.env.WECHAT_BASE_URL}): any code but dev:… is a WeChat user's wx.login code,
  so POST /auth/wechat {"code":"wx-alice"} signs in as WeChat user alice (a resident on the first sign-in):
    NEW=${signInCurl('wx-alice')}
  and POST /auth/wechat/phone {"code":"phone:<mobile>"} confirms that number, binding the staff account
  imported for it, if any (the answer carries that account's token):
    curl -s ${runtime.url}/auth/wechat/phone -H 'content-type: application/json' -H "authorization: Bearer $NEW" -d '{"code":"phone:13800000001"}'
`
  : '';

console.log(`
  Grid service (local) is up in ${Date.now() - started} ms — data in ${dataDir}/${runtime.seeded ? ' (demo data seeded)' : cityImported ? ' (a city imported with npm run city)' : ''}

  API            ${runtime.url}
  Health         ${runtime.url}/health
  API reference  ${runtime.url}/docs
  OpenAPI        ${runtime.url}/openapi.json
  Metrics        ${runtime.url}/metrics   (local only; ?format=text; EMF lines in this log)
  Event bus      ${runtime.busUrl}   (dead letters: ${runtime.busUrl}/dead-letters)
  DynamoDB       ${runtime.engine.endpoint}
  S3 (photos)    ${runtime.objectStoreUrl}   (path-style; signed requests only, as S3)
  Functions      ${runtime.functions === 'bundles' ? 'from their esbuild bundles, each in a worker thread' : 'in this process'}
${people}
${weChat}
  Ctrl-C stops.
`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n  ${signal}: stopping…`);
  await runtime.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
