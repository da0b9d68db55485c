/**
 * `npm start`: the whole backend on this machine, no AWS account needed.
 * PORT (default 3000) and DATA_DIR (default .data/) configure it; data survives restarts.
 * LOCAL_FUNCTIONS=bundles runs each function from the esbuild bundle CDK deploys, in a worker thread
 * of its own (LOCAL_BUNDLES_DIR: bundles already built; else they are built at start).
 */
import { startRuntime } from './runtime';
import { demoUsers } from './seeds/organisation';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? '.data';
const started = Date.now();
// WeChat itself is not reachable from a laptop's backend without an app: a stand-in answers for it,
// unless WECHAT_BASE_URL points somewhere (a real or shared fake WeChat).
const wechatStandIn = !process.env.WECHAT_BASE_URL;
const runtime = await startRuntime({ port, dataDir, separateEngineProcess: true, wechatStandIn });

console.log(`
  Grid service (local) is up in ${Date.now() - started} ms — data in ${dataDir}/${runtime.seeded ? ' (demo data seeded)' : (await import('./seeds/demo').then((seeds) => seeds.hasDataMarker('city'))) ? ' (a city imported with npm run city)' : ''}

  API            ${runtime.url}
  Health         ${runtime.url}/health
  API reference  ${runtime.url}/docs
  OpenAPI        ${runtime.url}/openapi.json
  Event bus      ${runtime.busUrl}   (dead letters: ${runtime.busUrl}/dead-letters)
  DynamoDB       ${runtime.engine.endpoint}
  Functions      ${runtime.functions === 'bundles' ? 'from their esbuild bundles, each in a worker thread' : 'in this process'}

  Demo users — sign in with POST /auth/wechat {"code":"dev:<id>"}:
${demoUsers.map((user) => `    ${user.id.padEnd(22)} ${user.role.padEnd(16)} ${user.displayName}`).join('\n')}

  Try:
    TOKEN=$(curl -s ${runtime.url}/auth/wechat -H 'content-type: application/json' -d '{"code":"dev:demo-admin"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
    curl -s ${runtime.url}/org-units/lushan/children -H "authorization: Bearer $TOKEN"
${
  wechatStandIn
    ? `
  WeChat is a local stand-in (${process.env.WECHAT_BASE_URL}): any code but dev:… is a WeChat user's wx.login code,
  so POST /auth/wechat {"code":"wx-alice"} signs in as WeChat user alice (a resident on the first sign-in):
    NEW=$(curl -s ${runtime.url}/auth/wechat -H 'content-type: application/json' -d '{"code":"wx-alice"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
  and POST /auth/wechat/phone {"code":"phone:13800000001"} confirms that number (binding the staff account imported for it, if any):
    curl -s ${runtime.url}/auth/wechat/phone -H 'content-type: application/json' -H "authorization: Bearer $NEW" -d '{"code":"phone:13800000001"}'
`
    : ''
}
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
