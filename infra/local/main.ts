/**
 * `npm start`: the whole backend on this machine, no AWS account needed.
 * PORT (default 3000) and DATA_DIR (default .data/) configure it; data survives restarts. The other
 * parts listen on ports derived from PORT (infra/local/ports.ts: engine +1, bus +2, S3 +3, WeChat
 * stand-in +4), the same on every start; PORT=0 picks free ones. A taken port stops it with one line.
 * LOCAL_FUNCTIONS=bundles runs each function from the esbuild bundle CDK deploys, in a worker thread
 * of its own (LOCAL_BUNDLES_DIR: bundles already built; else they are built at start).
 */
import { DERIVED_PORTS, PortTakenError, parsePort, portParts, portsFrom } from './ports';
import { type Runtime, startRuntime } from './runtime';
import { hasDataMarker } from './seeds/demo';
import { demoUsers } from './seeds/organisation';

/** Stops the start with one line on stderr (no stack trace) and exit code 1. */
function refuse(line: string): never {
  console.error(`npm start: ${line}`);
  process.exit(1);
}

const port = parsePort(process.env.PORT ?? '3000');
if (port === undefined) {
  refuse(`PORT is '${process.env.PORT}': give a whole number from 0 to ${65535 - DERIVED_PORTS} (the next ${DERIVED_PORTS} ports are used too), e.g. PORT=3100 npm start`);
}
const ports = portsFrom(port);
const dataDir = process.env.DATA_DIR ?? '.data';
const started = Date.now();
// WeChat itself is not reachable from a laptop's backend without an app: a stand-in answers for it,
// unless WECHAT_BASE_URL points somewhere (a real or shared fake WeChat).
const wechatStandIn = !process.env.WECHAT_BASE_URL;
let runtime: Runtime;
try {
  runtime = await startRuntime({ port, ports, dataDir, separateEngineProcess: true, wechatStandIn, departmentSimulator: true });
} catch (error) {
  if (!(error instanceof PortTakenError)) throw error;
  const which = port === 0 ? portParts[error.part] : `${portParts[error.part]}, PORT${error.port === port ? '' : `+${error.port - port}`}`;
  const other = port !== 0 && port + 100 <= 65535 - DERIVED_PORTS ? port + 100 : 3100;
  refuse(
    `port ${error.port} (${which}) is already in use — another npm start or another program holds it; stop that, or start on other ports: PORT=${other} npm start (uses ${other}–${other + DERIVED_PORTS})`,
  );
}
/** How a part's port was chosen, after its URL: from PORT, or free (PORT=0). */
const derived = (offset: number) => (port === 0 ? '' : `   (PORT+${offset})`);

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
    curl -s ${runtime.url}/org-units/lushan/children -H "authorization: Bearer $TOKEN"
  The demo volunteer's micro-grid has shifts in the next days with open seats (POST /shifts/<id>/sign-ups takes one):
    VOLUNTEER=${signInCurl('dev:demo-volunteer')}
    curl -s ${runtime.url}/me/shift-options -H "authorization: Bearer $VOLUNTEER"`;

const weChat = wechatStandIn
  ? `
  WeChat is a local stand-in (${process.env.WECHAT_BASE_URL}${port === 0 ? '' : `, PORT+4`}): any code but dev:… is a WeChat user's wx.login code,
  so POST /auth/wechat {"code":"wx-alice"} signs in as WeChat user alice (a resident on the first sign-in):
    NEW=${signInCurl('wx-alice')}
  and POST /auth/wechat/phone {"code":"phone:<mobile>"} confirms that number, binding the staff account
  imported for it, if any (the answer carries that account's token):
    curl -s ${runtime.url}/auth/wechat/phone -H 'content-type: application/json' -H "authorization: Bearer $NEW" -d '{"code":"phone:13800000001"}'
`
  : '';

const simulator = runtime.departmentSimulator
  ? `
  Urban management's own system is a local simulator (${runtime.departmentSimulator.url}${port === 0 ? '' : ', PORT+6'}): escalate a
  request to urban_management (POST /requests/<id>/escalate {"department":"urban_management"}) and it receives the
  case signed, then calls back "accept" and "resolve"; GET /requests/<id>/deliveries shows the delivery.
    curl -s ${runtime.departmentSimulator.url}/simulator                                   (what it received, its callbacks)
    curl -s ${runtime.departmentSimulator.url}/simulator -d '{"failNext":3}'               (or {"answerTwice":true}, {"down":true})
`
  : '';

console.log(`
  Grid service (local) is up in ${Date.now() - started} ms — data in ${dataDir}/${runtime.seeded ? ' (demo data seeded)' : cityImported ? ' (a city imported with npm run city)' : ''}

  API            ${runtime.url}
  Health         ${runtime.url}/health
  API reference  ${runtime.url}/docs
  OpenAPI        ${runtime.url}/openapi.json
  Metrics        ${runtime.url}/metrics   (local only; ?format=text; EMF lines in this log)
  DynamoDB       ${runtime.engine.endpoint}${derived(1)}
  Event bus      ${runtime.busUrl}${derived(2)}   (dead letters: ${runtime.busUrl}/dead-letters)
  S3 (photos)    ${runtime.objectStoreUrl}${derived(3)}   (path-style; signed requests only, as S3)
  Secrets        ${runtime.secretsStoreUrl}${derived(5)}   (Secrets Manager: departments' signing secrets, in secrets.json)
  Functions      ${runtime.functions === 'bundles' ? 'from their esbuild bundles, each in a worker thread' : 'in this process'}
${people}
${weChat}${simulator}
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
