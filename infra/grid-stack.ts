import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { DELIVERY_MAX_EVENT_AGE_SECONDS, DELIVERY_RETRIES, eventCatalogue, schedules, subscriptions } from '../events/catalogue';
import { DEFAULT_SERVICE_AREA, formatServiceArea, parseServiceArea } from '../shared/config';
import { allRoutes, routeCatalogue } from '../shared/routes';
import { tableDesign } from '../shared/table/design';
import { type Binding, type FunctionKind, lambdaFunctions } from './functions';
import { rulePattern } from './event-rules';
import { HouseFunction } from './house-function';
import { nativeBundlingOf } from './bundling';
import { tableAccessOf } from './table-access';
import { photoAccessOf } from './photo-access';
import { departmentSecretAccessOf, grantDepartmentSecrets } from './department-secrets';
import { PhotosBucket } from './photos-bucket';
import { apiDomainOf } from './api-domain';
import { GridHttpApi } from './http-api';
import { ObservabilityStack } from './observability/stack';
import { OnCallAlerts } from './on-call';
import { TokenSigningKey } from './token-signing-key';
import { WeChatApp } from './wechat-app';

/** Kinds the bus or a schedule invokes asynchronously: they need retries and a dead-letter queue. */
const ASYNC_KINDS: readonly FunctionKind[] = ['consumer', 'schedule'];

/** How long the bus keeps trying to hand an event to a consumer before dead-lettering it. */
const CONSUMER_MAX_EVENT_AGE = Duration.seconds(DELIVERY_MAX_EVENT_AGE_SECONDS);

/** How long published events stay replayable, e.g. into a consumer that had a bug. */
const ARCHIVE_RETENTION = Duration.days(90);

/**
 * The whole service: the table, the bus, one function per entry of `lambdaFunctions()`, the HTTP
 * API built from the route catalogue, and the rules built from the event catalogue.
 */
export class GridServiceStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly bus: events.EventBus;
  readonly api: GridHttpApi;
  readonly onCall: OnCallAlerts;
  readonly observability: ObservabilityStack;
  private readonly functions = new Map<string, HouseFunction>();

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // -c apiDomainName=… -c apiCertificateArn=… (both or neither; infra/api-domain.ts), read first so
    // a half-given domain stops the synth before any function is bundled.
    const domain = apiDomainOf(this.node);
    this.table = this.createTable();
    this.bus = this.createBus();
    const tokens = new TokenSigningKey(this, 'TokenSigningKey', { generation: Number(this.node.tryGetContext('tokenKeyGeneration') ?? 1) });
    const wechat = new WeChatApp(this, 'WeChat');
    const photos = new PhotosBucket(this, 'Photos');
    this.createFunctions({ tokens, wechat, photos });
    const authorizer = this.functionNamed('authorizer');

    this.api = new GridHttpApi(this, 'Http', {
      routes: allRoutes(),
      functionNamed: (name) => this.functionNamed(name),
      authorizer,
      // The function that serves the service's own routes also knows every path, so it can tell 404 from 405.
      fallback: this.functionNamed(routeCatalogue.getHealth.function),
      domain,
    });

    this.routeEventsToConsumers();
    this.scheduleJobs();
    this.onCall = new OnCallAlerts(this, 'OnCall', { email: this.node.tryGetContext('onCallEmail') });
    this.observability = this.observe();

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    if (domain && this.api.domainName) {
      new CfnOutput(this, 'ApiDomainUrl', {
        description: 'The base URL the mini-program calls: register its host as a request domain in the mini-program console',
        value: `https://${domain.name}`,
      });
      new CfnOutput(this, 'ApiDomainTarget', {
        description: `Point a CNAME record for ${domain.name} at this name in your DNS`,
        value: this.api.domainName.regionalDomainName,
      });
    }
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'OnCallTopicArn', { description: 'Subscribe the on-call channel (SMS, chat webhook) here', value: this.onCall.topic.topicArn });
    new CfnOutput(this, 'WeChatAppSecretArn', {
      description: 'Put the real WeChat AppSecret here after the first deployment',
      value: wechat.appSecret.secretArn,
    });
  }

  /** The function deployed for an entry of `lambdaFunctions()`. */
  functionNamed(name: string): HouseFunction {
    const fn = this.functions.get(name);
    if (!fn) {
      throw new Error(`No function named '${name}'; lambdaFunctions() lists ${[...this.functions.keys()].join(', ')}`);
    }
    return fn;
  }

  private createTable(): dynamodb.TableV2 {
    const stringAttribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    return new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringAttribute(tableDesign.partitionKey),
      sortKey: stringAttribute(tableDesign.sortKey),
      globalSecondaryIndexes: Object.entries(tableDesign.indexes).map(([indexName, index]) => ({
        indexName,
        partitionKey: stringAttribute(index.partitionKey),
        sortKey: stringAttribute(index.sortKey),
        projectionType: index.projection === 'KEYS_ONLY' ? dynamodb.ProjectionType.KEYS_ONLY : dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private createBus(): events.EventBus {
    const bus = new events.EventBus(this, 'Bus', {
      eventBusName: this.stackName,
      description: 'Domain events of grid-service',
    });
    bus.archive('Archive', {
      description: 'Every event grid-service publishes, for replay',
      eventPattern: { source: rulePattern(eventCatalogue).source },
      retention: ARCHIVE_RETENTION,
    });
    return bus;
  }

  /**
   * Where the service works, from `-c serviceArea=minLat,minLng,maxLat,maxLng` (default: Nanjing's
   * municipal area, shared/config.ts); a malformed value stops the synth.
   */
  private serviceArea(): string {
    const context: unknown = this.node.tryGetContext('serviceArea');
    return formatServiceArea(context === undefined ? DEFAULT_SERVICE_AREA : parseServiceArea(String(context)));
  }

  /**
   * One function per entry of `lambdaFunctions()`, each given its bindings and nothing else: the
   * grants below set the variables infra/functions.ts declares for them, which is all the local
   * runtime gives the function too.
   */
  private createFunctions({ tokens, wechat, photos }: { tokens: TokenSigningKey; wechat: WeChatApp; photos: PhotosBucket }): void {
    const serviceArea = this.serviceArea();
    const grants: Record<Binding, (fn: HouseFunction, name: string) => void> = {
      // Each function's table access is what infra/table-access.ts declares for it.
      table: (fn, name) => fn.bindTable(this.table, tableAccessOf(name)!),
      bus: (fn) => fn.bindBus(this.bus),
      serviceArea: (fn) => fn.addEnvironment('SERVICE_AREA', serviceArea),
      issueTokens: (fn) => tokens.grantIssue(fn),
      verifyTokens: (fn) => tokens.grantVerify(fn),
      wechatApp: (fn) => wechat.grantAppAccess(fn),
      wechatTemplates: (fn) => wechat.grantSubscribeTemplates(fn),
      // WeCom robots are reached over public HTTPS with keys kept in the table: nothing to grant.
      wecomRobots: () => undefined,
      // Each function's access to the photos bucket is what infra/photo-access.ts declares for it.
      photos: (fn, name) => photos.grant(fn, photoAccessOf(name)!),
      // The callback URL departments are sent: `-c apiBaseUrl=https://…` (the API's custom domain). Not the
      // API's own URL: the API integrates these functions, so that would be a circular reference.
      apiBaseUrl: (fn) => {
        const base: unknown = this.node.tryGetContext('apiBaseUrl');
        if (typeof base === 'string' && base !== '') fn.addEnvironment('API_BASE_URL', base);
      },
      // Departments' signing secrets, under the stack's name: what infra/department-secrets.ts declares.
      departmentSecrets: (fn, name) => grantDepartmentSecrets(fn, departmentSecretAccessOf(name)!, this.stackName),
    };
    for (const { name, kind, entry, timeoutSeconds, bindings, reservedConcurrency } of lambdaFunctions()) {
      const fn = new HouseFunction(this, `${pascalCase(name)}Function`, {
        entry,
        description: `grid-service ${kind} function ${name}`,
        invokedAsynchronously: ASYNC_KINDS.includes(kind),
        timeout: Duration.seconds(timeoutSeconds),
        reservedConcurrency,
        native: nativeBundlingOf(name),
      });
      for (const binding of bindings) grants[binding](fn, name);
      this.functions.set(name, fn);
    }
  }

  /** The alarms and the dashboard (a nested stack: infra/observability/stack.ts says why). */
  private observe(): ObservabilityStack {
    const definitions = lambdaFunctions();
    const deadLetters = new Map(
      definitions.flatMap(({ name }) => {
        const queue = this.functionNamed(name).deadLetters;
        return queue ? [[name, queue] as const] : [];
      }),
    );
    return new ObservabilityStack(this, 'Observability', {
      serviceName: this.stackName,
      stage: this.api.stage,
      functions: definitions.map((definition) => ({ definition, fn: this.functionNamed(definition.name) })),
      table: this.table,
      deadLetters: new Map([...deadLetters].map(([name, dlq]) => [name, dlq.queue])),
      parentAlarms: [...deadLetters.values()].map((dlq) => dlq.alarm),
    });
  }

  private routeEventsToConsumers(): void {
    for (const { consumer, description, events: heard } of subscriptions) {
      new events.Rule(this, `${pascalCase(consumer)}Subscription`, {
        eventBus: this.bus,
        description: description,
        eventPattern: rulePattern(heard),
        targets: [deliveryTo(this.functionNamed(consumer), CONSUMER_MAX_EVENT_AGE)],
      });
    }
  }

  private scheduleJobs(): void {
    for (const { name, description, everyMinutes } of schedules) {
      const period = Duration.minutes(everyMinutes);
      new events.Rule(this, `${pascalCase(name)}Schedule`, {
        description: description,
        schedule: events.Schedule.rate(period),
        // A tick older than one period is superseded by the next one, so it is not worth delivering late.
        targets: [deliveryTo(this.functionNamed(name), period)],
      });
    }
  }
}

/**
 * Delivery to an asynchronously invoked function: the bus retries, and what it still cannot
 * deliver goes to the same dead-letter queue as the invocations Lambda gives up on, so a
 * function's failures are all in one place and all have the event as their body.
 */
function deliveryTo(fn: HouseFunction, maxEventAge: Duration): targets.LambdaFunction {
  if (!fn.deadLetters) throw new Error(`${fn.node.path} is invoked asynchronously but has no dead-letter queue`);
  return new targets.LambdaFunction(fn, {
    retryAttempts: DELIVERY_RETRIES,
    maxEventAge,
    deadLetterQueue: fn.deadLetters.queue,
  });
}

/** `organisation-activity` → `OrganisationActivity`, for construct ids. */
const pascalCase = (name: string): string =>
  name.replace(/(^|[-_])(\w)/g, (_, __: string, letter: string) => letter.toUpperCase());
