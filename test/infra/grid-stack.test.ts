import { readFileSync } from 'node:fs';
import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_RETRIES, schedules, subscriptions } from '../../events/catalogue';
import { buildGridApp } from '../../infra/grid-app';
import type { GridServiceStack } from '../../infra/grid-stack';
import { lambdaFunctions } from '../../infra/functions';
import { HouseFunction } from '../../infra/house-function';
import { anyPartition, tableAccess, tableAccessOf } from '../../infra/table-access';
import { photoAccessOf } from '../../infra/photo-access';
import { departmentSecretAccess } from '../../infra/department-secrets';
import { isPublic, routeKeyOf } from '../../shared/http/route';
import { allRoutes, routeCatalogue } from '../../shared/routes';
import { tableDesign } from '../../shared/table/design';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, string[]>> };

/** The context `cdk synth` runs with (feature flags), so the tests see the template that deploys. */
const cdkContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

let stack: GridServiceStack;
let template: Template;

beforeAll(() => {
  // Prepare: the app as `cdk synth` builds it, with cdk-nag, minus the esbuild bundling.
  ({ stack } = buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [] }));
  // Act: synthesis runs the cdk-nag plugin and throws on any unacknowledged finding.
  template = Template.fromStack(stack);
});

const resourcesOf = (type: string): [string, Resource][] =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
const logicalIdOf = (construct: IConstruct): string =>
  stack.resolve((construct.node.defaultChild as CfnResource).logicalId);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every identity policy in the template, with the policy's logical id. */
function identityStatements(): [string, Statement][] {
  const policies = [
    ...resourcesOf('AWS::IAM::Policy').map(([id, policy]) => [id, [policy.Properties.PolicyDocument]] as const),
    ...resourcesOf('AWS::IAM::ManagedPolicy').map(([id, policy]) => [id, [policy.Properties.PolicyDocument]] as const),
    ...resourcesOf('AWS::IAM::Role').map(
      ([id, role]) => [id, (role.Properties.Policies ?? []).map((p: any) => p.PolicyDocument)] as const,
    ),
  ];
  return policies.flatMap(([id, documents]) =>
    documents.flatMap((document: { Statement: Statement[] }) =>
      document.Statement.map((statement) => [id, statement] as [string, Statement]),
    ),
  );
}

/** The actions the policies attached to a function's role allow. */
function actionsGrantedTo(functionName: string): string[] {
  const roleId = logicalIdOf(stack.functionNamed(functionName).role!);
  return resourcesOf('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => asArray(statement.Action));
}

describe('the HTTP API', () => {
  const routesByKey = () =>
    new Map(resourcesOf('AWS::ApiGatewayV2::Route').map(([, route]) => [route.Properties.RouteKey, route.Properties]));

  /** The logical id of the function an API route is integrated with. */
  const functionBehind = (route: Record<string, any>): string => {
    const integrationId = route.Target['Fn::Join'][1][1].Ref;
    const integration = template.toJSON().Resources[integrationId].Properties;
    return integration.IntegrationUri['Fn::GetAtt'][0];
  };

  it('serves every catalogue route with its method and path, on the function the catalogue names', () => {
    // Act
    const routes = routesByKey();
    // Assess
    for (const [, route] of allRoutes()) {
      const deployed = routes.get(routeKeyOf(route));
      expect(deployed, routeKeyOf(route)).toBeDefined();
      expect(functionBehind(deployed!), routeKeyOf(route)).toBe(logicalIdOf(stack.functionNamed(route.function)));
    }
  });

  it('puts every route that is not public behind the token authorizer', () => {
    // Prepare
    const guarded = allRoutes().filter(([, route]) => !isPublic(route));
    // Act
    const routes = routesByKey();
    // Assess
    expect(guarded.length).toBeGreaterThan(0);
    for (const [, route] of guarded) {
      expect(routes.get(routeKeyOf(route)), routeKeyOf(route)).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: expect.anything(),
      });
    }
  });

  it('leaves public routes open, with no authorizer', () => {
    // Prepare
    const open = allRoutes().filter(([, route]) => isPublic(route));
    // Act
    const routes = routesByKey();
    // Assess
    expect(open.length).toBeGreaterThan(0);
    for (const [, route] of open) {
      const deployed = routes.get(routeKeyOf(route));
      expect(deployed?.AuthorizationType, routeKeyOf(route)).toBe('NONE');
      expect(deployed?.AuthorizerId, routeKeyOf(route)).toBeUndefined();
    }
  });

  it('sends whatever no route matches to the meta function, without the authorizer', () => {
    // Act
    const fallback = routesByKey().get('$default');
    // Assess
    expect(fallback?.AuthorizationType).toBe('NONE');
    expect(functionBehind(fallback!)).toBe(logicalIdOf(stack.functionNamed('meta')));
  });

  it('authorizes with simple responses from the Authorization header, on the authorizer function', () => {
    // Act
    const [[, authorizer]] = resourcesOf('AWS::ApiGatewayV2::Authorizer') as [[string, Resource]];
    // Assess
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(logicalIdOf(stack.functionNamed('authorizer')));
  });

  it('throttles the default stage and writes a JSON access log line per request', () => {
    // Act
    const [[, stage]] = resourcesOf('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    // Assess
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) },
      AccessLogSettings: { DestinationArn: expect.anything() },
    });
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId' });
  });
});

describe('event delivery', () => {
  it('gives every rule target retries, a maximum event age and a dead-letter queue', () => {
    // Act
    const targets = resourcesOf('AWS::Events::Rule').flatMap(([, rule]) => rule.Properties.Targets);
    // Assess
    expect(targets).toHaveLength(subscriptions.length + schedules.length);
    for (const target of targets) {
      expect(target).toMatchObject({
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: { MaximumRetryAttempts: DELIVERY_RETRIES, MaximumEventAgeInSeconds: expect.any(Number) },
      });
    }
  });

  it('subscribes each consumer to exactly the sources and detail types of the events it hears', () => {
    for (const { consumer, events } of subscriptions) {
      // Prepare
      const expected = {
        source: [...new Set(events.map((event) => event.source))],
        'detail-type': [...new Set(events.map((event) => event.detailType))],
      };
      // Act
      const rules = resourcesOf('AWS::Events::Rule').filter(([, rule]) =>
        rule.Properties.Targets.some((t: any) => t.Arn['Fn::GetAtt'][0] === logicalIdOf(stack.functionNamed(consumer))),
      );
      // Assess
      expect(rules.map(([, rule]) => rule.Properties.EventPattern)).toEqual([expected]);
    }
  });

  it('runs each schedule at its rate', () => {
    // Act
    const expressions = resourcesOf('AWS::Events::Rule').map(([, rule]) => rule.Properties.ScheduleExpression);
    // Assess
    for (const { everyMinutes } of schedules) {
      expect(expressions).toContain(everyMinutes === 1 ? 'rate(1 minute)' : `rate(${everyMinutes} minutes)`);
    }
  });

  it('retries failed asynchronous invocations into the same dead-letter queue the bus uses', () => {
    for (const { name } of [...subscriptions.map((s) => ({ name: s.consumer })), ...schedules]) {
      // Prepare
      const fn = stack.functionNamed(name);
      // Act
      const deployed = template.toJSON().Resources[logicalIdOf(fn)].Properties;
      // Assess
      expect(deployed.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]).toBe(logicalIdOf(fn.deadLetters!.queue));
      expect(template.toJSON().Resources[logicalIdOf(fn.deadLetters!.queue)].Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
  });
});

describe('deliveries to departments', () => {
  it('go out through a consumer and a schedule whose failures land in a dead-letter queue with an alarm, signing with the departments’ secrets', () => {
    for (const name of ['department-deliveries', 'department-dispatcher']) {
      // Prepare
      const fn = stack.functionNamed(name);
      const resources = template.toJSON().Resources;
      // Act
      const deployed = resources[logicalIdOf(fn)].Properties;
      const alarm = resources[logicalIdOf(fn.deadLetters!.alarm)];
      // Assess
      expect(deployed.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]).toBe(logicalIdOf(fn.deadLetters!.queue));
      expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
      expect(JSON.stringify(alarm.Properties.Dimensions)).toContain(logicalIdOf(fn.deadLetters!.queue));
      expect(deployed.Environment.Variables).toHaveProperty('DEPARTMENT_SECRETS_PREFIX');
      expect(departmentSecretAccess[name]).toEqual(['GetSecretValue']);
    }
  });
});

describe('the table', () => {
  it('is retained, protected from deletion, recoverable to a point in time, encrypted and expires items', () => {
    // Act
    const [[, table]] = resourcesOf('AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    // Assess
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
      Replicas: [
        { DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
      ],
    });
  });

  it('has the keys and every index of the table design, each projecting what the design says', () => {
    // Prepare
    const keySchema = (partitionKey: string, sortKey: string) => [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ];
    // Act
    const [[, table]] = resourcesOf('AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    // Assess
    expect(table.Properties.KeySchema).toEqual(keySchema(tableDesign.partitionKey, tableDesign.sortKey));
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      Object.entries(tableDesign.indexes).map(([IndexName, index]) => ({
        IndexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: index.projection },
      })),
    );
    for (const { AttributeType } of table.Properties.AttributeDefinitions) expect(AttributeType).toBe('S');
  });
});

describe('the functions', () => {
  const deployedFunctions = () => resourcesOf('AWS::Lambda::Function');

  it('deploy one function per entry of lambdaFunctions()', () => {
    // Act
    const deployed = new Set(deployedFunctions().map(([id]) => id));
    // Assess
    for (const { name } of lambdaFunctions()) expect(deployed, name).toContain(logicalIdOf(stack.functionNamed(name)));
  });

  it('run on arm64 with a Node.js runtime, traced, logging JSON to their own log group', () => {
    // Act
    const functions = deployedFunctions();
    // Assess
    for (const [id, fn] of functions) {
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.Runtime, id).toMatch(/^nodejs\d+\.x$/);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig, id).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
    }
  });

  it('never set STAGE, nor any variable to local', () => {
    // Act
    const environments = deployedFunctions().map(
      ([id, fn]) => [id, fn.Properties.Environment?.Variables ?? {}] as [string, Record<string, unknown>],
    );
    // Assess
    for (const [id, environment] of environments) {
      expect(Object.keys(environment), id).not.toContain('STAGE');
      expect(Object.values(environment), id).not.toContain('local');
    }
  });

  it('tell every function but the authorizer the service area: Nanjing by default, or what -c serviceArea says', () => {
    // Prepare
    const { stack: elsewhere } = buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [], serviceArea: '39.4,115.4,41.1,117.5' });
    const areaOf = (of: GridServiceStack, name: string) =>
      (Template.fromStack(of).toJSON().Resources[logicalIdOf(of.functionNamed(name))].Properties.Environment?.Variables ?? {}).SERVICE_AREA;
    // Act
    const byDefault = lambdaFunctions().filter(({ kind }) => kind !== 'authorizer').map(({ name }) => areaOf(stack, name));
    const given = areaOf(elsewhere, routeCatalogue.searchStations.function);
    // Assess
    expect(new Set(byDefault)).toEqual(new Set(['31.18,118.31,32.67,119.29']));
    expect(given).toBe('39.4,115.4,41.1,117.5');
    expect(areaOf(stack, 'authorizer')).toBeUndefined();
  });

  it('stop the synth on a malformed -c serviceArea', () => {
    // Act
    const build = () => buildGridApp({ 'aws:cdk:bundling-stacks': [], serviceArea: 'Nanjing' });
    // Assess
    expect(build).toThrow(/service area 'Nanjing'/);
  });

  it('refuse STAGE and the value local before they reach a template', () => {
    // Prepare
    const scratch = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Scratch');
    const fn = new HouseFunction(scratch, 'Fn', {
      entry: lambdaFunctions()[0]!.entry,
      description: 'a function to misconfigure',
    });
    // Act
    const setStage = () => fn.addEnvironment('STAGE', 'aws');
    const setLocal = () => fn.addEnvironment('WHATEVER', 'local');
    // Assess
    expect(setStage).toThrow(/STAGE/);
    expect(setLocal).toThrow(/local/);
  });
});

describe('permissions', () => {
  it('grant no wildcard action in any IAM policy', () => {
    // Act
    const wildcards = identityStatements()
      .filter(([, statement]) => statement.Effect === 'Allow')
      .flatMap(([id, statement]) => asArray(statement.Action).filter((a) => a.includes('*')).map((a) => `${id}: ${a}`));
    // Assess
    expect(wildcards).toEqual([]);
  });

  it('let only the sign-in function sign tokens, and only it (for the kid) and the authorizer read the public key', () => {
    // Prepare
    const signIn = routeCatalogue.signInWithWeChat.function;
    // Act
    const signers = lambdaFunctions().filter(({ name }) => actionsGrantedTo(name).includes('kms:Sign'));
    const verifiers = lambdaFunctions().filter(({ name }) => actionsGrantedTo(name).includes('kms:GetPublicKey'));
    // Assess
    expect(signers.map(({ name }) => name)).toEqual([signIn]);
    expect(verifiers.map(({ name }) => name).sort()).toEqual(['authorizer', signIn].sort());
    expect(actionsGrantedTo('authorizer').filter((a) => a.startsWith('kms:'))).toEqual(['kms:GetPublicKey']);
    expect(actionsGrantedTo(signIn).filter((a) => a.startsWith('kms:')).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
  });

  it("let only the departments' functions near their signing secrets, each with its declared actions on the secrets' name pattern only", () => {
    // Prepare
    const roleOf = (name: string) => logicalIdOf(stack.functionNamed(name).role!);
    const onDepartmentSecrets = (name: string) =>
      resourcesOf('AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleOf(name)))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((statement) => JSON.stringify(statement.Resource).includes(`:secret:${stack.stackName}/departments/*`));
    // Act
    const granted = Object.fromEntries(
      lambdaFunctions()
        .map(({ name }) => [name, onDepartmentSecrets(name).flatMap((statement) => asArray(statement.Action)).sort()] as const)
        .filter(([, actions]) => actions.length > 0),
    );
    // Assess
    expect(granted).toEqual(
      Object.fromEntries(Object.entries(departmentSecretAccess).map(([name, actions]) => [name, actions.map((action) => `secretsmanager:${action}`).sort()])),
    );
    expect(granted['department-callbacks']).toEqual(['secretsmanager:GetSecretValue']);
    expect(granted.departments).toEqual(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue']);
  });

  it('rotate the token key by generation: a new key signs, the previous one still verifies', () => {
    // Prepare
    const { stack: rotated } = buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [], tokenKeyGeneration: 2 });
    const keysOf = Template.fromStack(rotated).findResources('AWS::KMS::Key');
    const authorizer = rotated.functionNamed('authorizer');
    const signIn = rotated.functionNamed(routeCatalogue.signInWithWeChat.function);
    const environmentOf = (fn: HouseFunction) => rotated.resolve((fn.node.defaultChild as CfnResource & { environment?: unknown }).environment) as {
      variables: Record<string, unknown>;
    };
    // Act
    const verifier = environmentOf(authorizer).variables;
    const issuer = environmentOf(signIn).variables;
    // Assess
    expect(Object.keys(keysOf).filter((id) => id.includes('TokenSigningKey'))).toHaveLength(2);
    expect(verifier.TOKEN_KMS_KEY_ID).toEqual(issuer.TOKEN_KMS_KEY_ID);
    expect(verifier.TOKEN_PREVIOUS_KMS_KEY_ID).toBeDefined();
    expect(verifier.TOKEN_PREVIOUS_KMS_KEY_ID).not.toEqual(verifier.TOKEN_KMS_KEY_ID);
    expect(issuer.TOKEN_PREVIOUS_KMS_KEY_ID).toBeUndefined();
  });

  it('leave no cdk-nag AwsSolutions finding unacknowledged', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // Assess
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`)).toEqual([]);
  });
});

describe('table access', () => {
  /** The statements of the policies attached to a function's role. */
  const statementsOf = (functionName: string): Statement[] => {
    const roleId = logicalIdOf(stack.functionNamed(functionName).role!);
    return resourcesOf('AWS::IAM::Policy')
      .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
  };
  const isDynamoDb = (action: string) => action.startsWith('dynamodb:');
  /**
   * What a function's role may do on DynamoDB, one line per action, resource and condition: the
   * meaning of its statements, however CDK merged them (policies are minimized).
   */
  const dynamoPermissionsOf = (functionName: string): string[] =>
    statementsOf(functionName)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) =>
        asArray(statement.Action)
          .filter(isDynamoDb)
          .flatMap((action) =>
            asArray(statement.Resource).map((resource) => permission(action, resource, statement.Condition)),
          ),
      )
      .sort();
  const permission = (action: string, resource: unknown, condition: unknown) =>
    JSON.stringify({ action, resource, condition: condition ?? null });
  const tableArn = () => stack.resolve(stack.table.tableArn);
  const indexArn = (index: string) => ({ 'Fn::Join': ['', [tableArn(), `/index/${index}`]] });
  const environmentOf = (functionName: string): Record<string, unknown> =>
    template.toJSON().Resources[logicalIdOf(stack.functionNamed(functionName))].Properties.Environment?.Variables ?? {};

  it('declares table access for every function, and for nothing else', () => {
    // Act
    const declared = Object.keys(tableAccess).sort();
    // Assess
    expect(declared).toEqual(lambdaFunctions().map(({ name }) => name).sort());
  });

  it('grants no Scan and no wildcard DynamoDB action to anyone', () => {
    // Act
    const granted = identityStatements()
      .filter(([, statement]) => statement.Effect === 'Allow')
      .flatMap(([id, statement]) => asArray(statement.Action).map((action) => `${id}: ${action}`));
    // Assess
    expect(granted.filter((line) => /: (dynamodb:(Scan|\*)|\*)$/.test(line))).toEqual([]);
    expect(granted.filter((line) => line.includes('dynamodb:') && line.includes('*'))).toEqual([]);
  });

  it('gives a function declared without table access no DynamoDB statement and no table name', () => {
    // Prepare
    const without = lambdaFunctions().filter(({ name }) => tableAccessOf(name) === undefined);
    // Act
    const granted = without.map(({ name }) => [name, dynamoPermissionsOf(name), environmentOf(name).TABLE_NAME]);
    // Assess
    expect(without.map(({ name }) => name)).toContain('meta');
    for (const [name, permissions, tableName] of granted) {
      expect(permissions, String(name)).toEqual([]);
      expect(tableName, String(name)).toBeUndefined();
    }
  });

  it('gives the event bus only to functions that write the table (events ride in the items they write)', () => {
    // Act
    const publishers = lambdaFunctions()
      .filter(({ name }) => statementsOf(name).some((statement) => asArray(statement.Action).includes('events:PutEvents')))
      .map(({ name }) => name);
    // Assess
    expect(publishers).not.toContain('meta');
    expect(publishers).not.toContain('authorizer');
    expect(publishers).not.toContain('reports');
    expect(publishers).toEqual(expect.arrayContaining(['requests', 'stations', 'outbox-relay', 'notifications']));
    expect(environmentOf('reports').EVENT_BUS_NAME).toBeUndefined();
  });

  it('lets the authorizer GetItem user items and nothing else, and tells it the table', () => {
    // Act
    const dynamoStatements = statementsOf('authorizer').filter((statement) => asArray(statement.Action).some(isDynamoDb));
    // Assess
    expect(dynamoStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: tableArn(),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
      },
    ]);
    expect(environmentOf('authorizer').TABLE_NAME).toEqual(stack.resolve(stack.table.tableName));
  });

  it("holds every function's role to exactly the table access infra/table-access.ts declares for it", () => {
    for (const { name } of lambdaFunctions()) {
      // Prepare
      const access = tableAccessOf(name);
      const expected = [
        ...(access?.items ?? []).flatMap((grant) =>
          grant.actions.map((action) =>
            permission(
              `dynamodb:${action}`,
              tableArn(),
              grant.partitions === anyPartition
                ? undefined
                : { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.partitions.map((prefix) => `${prefix}*`) } },
            ),
          ),
        ),
        ...(access?.indexes ?? []).map((index) => permission('dynamodb:Query', indexArn(index), undefined)),
      ];
      // Act
      const granted = dynamoPermissionsOf(name);
      // Assess
      expect(granted, name).toEqual([...new Set(expected)].sort());
    }
  });

  it('scopes every item grant but the outbox relay\'s to partition prefixes, and index Queries to named indexes', () => {
    // Act
    const unconditioned = lambdaFunctions().flatMap(({ name }) =>
      statementsOf(name)
        .filter((statement) => asArray(statement.Action).some(isDynamoDb))
        .filter((statement) => !statement.Condition)
        .flatMap((statement) => asArray(statement.Resource).map((resource) => `${name} ${asArray(statement.Action).join(',')} ${JSON.stringify(resource)}`)),
    );
    // Assess
    for (const line of unconditioned) {
      expect(line.startsWith('outbox-relay ') || line.includes('/index/'), line).toBe(true);
    }
  });
});

describe('the photos bucket', () => {
  const bucket = () => {
    const buckets = resourcesOf('AWS::S3::Bucket').filter(([, resource]) => resource.Properties.LifecycleConfiguration?.Rules?.some((rule: { Prefix?: string }) => rule.Prefix === 'uploads/'));
    expect(buckets).toHaveLength(1);
    return buckets[0]!;
  };
  const policyOf = (bucketId: string) =>
    resourcesOf('AWS::S3::BucketPolicy').find(([, policy]) => policy.Properties.Bucket?.Ref === bucketId)![1].Properties.PolicyDocument.Statement as (Statement & { Principal?: unknown })[];

  it('is private, encrypted, logged, kept on stack deletion, and empties what was never attached after a day', () => {
    // Act
    const [, photos] = bucket();
    // Assess
    expect(photos.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 'photos-bucket/' },
    });
    expect(photos.DeletionPolicy).toBe('Retain');
    expect(photos.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'photos/', TagFilters: [{ Key: 'photo', Value: 'unattached' }], ExpirationInDays: 2, Status: 'Enabled' }),
      ]),
    );
    // Attached photos are never expired: every expiring rule is held to uploads or to unattached photos.
    const expiring = photos.Properties.LifecycleConfiguration.Rules.filter((rule: { ExpirationInDays?: number }) => rule.ExpirationInDays);
    expect(expiring.map((rule: { Prefix?: string; TagFilters?: unknown[] }) => [rule.Prefix, rule.TagFilters?.length ?? 0]).sort()).toEqual([
      ['photos/', 1],
      ['uploads/', 0],
    ]);
  });

  it('refuses every request not made over TLS 1.2 or later, and allows nothing to anyone by its policy', () => {
    // Prepare
    const [bucketId] = bucket();
    // Act
    const statements = policyOf(bucketId);
    // Assess
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }));
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toEqual([]);
  });

  it("holds every function's role to exactly the photo access infra/photo-access.ts declares for it", () => {
    // Prepare
    const [bucketId] = bucket();
    const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });
    for (const { name } of lambdaFunctions()) {
      const roleId = logicalIdOf(stack.functionNamed(name).role!);
      // Listing is granted on the bucket, held to the prefix by its condition.
      const expected = (photoAccessOf(name) ?? []).flatMap((grant) =>
        grant.actions.map((action) => JSON.stringify([`s3:${action}`, action === 'ListBucket' ? { 'Fn::GetAtt': [bucketId, 'Arn'] } : objectsUnder(grant.prefix)])),
      );
      const listings = (photoAccessOf(name) ?? []).filter((grant) => grant.actions.includes('ListBucket')).map((grant) => [`${grant.prefix}*`]);
      // Act
      const granted = resourcesOf('AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('s3:')))
        .flatMap((statement) => asArray(statement.Action).flatMap((action) => asArray(statement.Resource).map((resource) => JSON.stringify([action, resource]))));
      const listingConditions = resourcesOf('AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((statement) => asArray(statement.Action).includes('s3:ListBucket'))
        .map((statement) => statement.Condition?.StringLike?.['s3:prefix']);
      // Assess
      expect(granted.sort(), name).toEqual(expected.sort());
      expect(listingConditions, name).toEqual(listings);
    }
  });
});

describe('alerting', () => {
  it('sends every alarm, when it fires and when it recovers, to the on-call topic', () => {
    // Prepare
    const topic = logicalIdOf(stack.onCall.topic);
    // Act
    const alarms = resourcesOf('AWS::CloudWatch::Alarm');
    // Assess
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it('lets publishers reach the on-call topic over TLS only', () => {
    // Act
    const [[, policy]] = resourcesOf('AWS::SNS::TopicPolicy') as [[string, Resource]];
    // Assess
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('subscribes the on-call e-mail given as context', () => {
    // Prepare
    const { stack: withEmail } = buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [], onCallEmail: 'oncall@example.org' });
    // Act
    const subscriptions = Object.values(Template.fromStack(withEmail).findResources('AWS::SNS::Subscription')) as Resource[];
    // Assess
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'oncall@example.org' }),
    ]);
  });
});
