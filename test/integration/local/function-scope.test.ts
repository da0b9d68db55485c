import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaFunctions } from '../../../infra/functions';
import { functionEnvironment } from '../../../infra/local/environment';
import { runAsFunction } from '../../../infra/local/function-scope';
import { config } from '../../../shared/config';
import { logger } from '../../../shared/logger';

const fnNamed = (name: string) => lambdaFunctions().find((fn) => fn.name === name)!;

/** The runtime's own environment: everything every function may be given, and more. */
const runtimeEnvironment = {
  TABLE_NAME: 'the-table',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
  EVENT_BUS_NAME: 'the-bus',
  SERVICE_AREA: '31,118,32,119',
  WECHAT_SUBSCRIBE_TEMPLATES: '{}',
  STAGE: 'local',
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('functions sharing the runtime’s process', () => {
  it('read each its own environment, and nothing its bindings do not bring', async () => {
    // Prepare
    for (const [name, value] of Object.entries(runtimeEnvironment)) vi.stubEnv(name, value);
    const readsOf = (name: string) =>
      runAsFunction(name, async () => ({ ...config() }), { environment: functionEnvironment(fnNamed(name), process.env) });
    // Act
    const [authorizer, meta, api] = await Promise.all([readsOf('authorizer'), readsOf('meta'), readsOf('notifications-api')]);
    const outside = config();
    // Assess
    expect(authorizer.tableName).toBe('the-table');
    // The authorizer writes nothing, so it has no bus, and it reads no location.
    expect(authorizer.eventBridgeEndpoint).toBeUndefined();
    expect(authorizer.eventBusName).toBe('grid-service');
    expect(authorizer.wechatSubscribeTemplates).toBeUndefined();
    expect(meta.wechatSubscribeTemplates).toBeUndefined();
    expect(api.wechatSubscribeTemplates).toBe('{}');
    expect(api.eventBusName).toBe('the-bus');
    // Code outside any function (seeding, a test's own calls) reads the runtime's environment.
    expect(outside.eventBusName).toBe('the-bus');
  });

  it('log each to its own logger, whatever the others add to theirs', async () => {
    // Prepare
    const own = { a: new Logger({ serviceName: 'grid-service' }), b: new Logger({ serviceName: 'grid-service' }) };
    // In process the shared logger is Powertools' behind the house's narrower type; its persistent keys tell where a call went.
    const shared = logger as unknown as Logger;
    // Act
    await Promise.all([
      runAsFunction('notifications', async () => shared.appendPersistentKeys({ consumer: 'notifications' }), { logger: own.a }),
      runAsFunction('auth', async () => shared.appendPersistentKeys({ routeKey: 'POST /auth/wechat' }), { logger: own.b }),
    ]);
    // Assess
    expect(own.a.getPersistentLogAttributes()).toEqual({ consumer: 'notifications' });
    expect(own.b.getPersistentLogAttributes()).toEqual({ routeKey: 'POST /auth/wechat' });
    expect(shared.getPersistentLogAttributes()).toEqual({});
  });
});
