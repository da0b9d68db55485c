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
const runtime = await startRuntime({ port, dataDir, separateEngineProcess: true });

console.log(`
  Grid service (local) is up in ${Date.now() - started} ms — data in ${dataDir}/${runtime.seeded ? ' (demo data seeded)' : ''}

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
