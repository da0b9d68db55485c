import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { DELIVERY_MAX_EVENT_AGE_SECONDS, DELIVERY_RETRIES, eventCatalogue, schedules, subscriptions } from '../events/catalogue';
import { DEFAULT_SERVICE_AREA, formatServiceArea, parseServiceArea } from '../shared/config';
import type { EventDefinition } from '../shared/events/define';
import { allRoutes, routeCatalogue } from '../shared/routes';
import { tableDesign } from '../shared/table/design';
import { lambdaFunctions, type FunctionKind } from './functions';
import { HouseFunction } from './house-function';
import { type ItemAction, tableAccessOf } from './table-access';
import { GridHttpApi } from './http-api';
import { OnCallAlerts } from './on-call';
import { TokenSigningKey } from './token-signing-key';
import { WeChatApp } from './wechat-app';

/** Table writes that can carry outbox events. */
const WRITE_ACTIONS: readonly ItemAction[] = ['PutItem', 'UpdateItem', 'BatchWriteItem'];

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
  private readonly functions = new Map<string, HouseFunction>();

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = this.createTable();
    this.bus = this.createBus();
    this.createFunctions();

    const signIn = this.functionNamed(routeCatalogue.signInWithWeChat.function);
    const authorizer = this.functionNamed('authorizer');
    const tokens = new TokenSigningKey(this, 'TokenSigningKey', { generation: Number(this.node.tryGetContext('tokenKeyGeneration') ?? 1) });
    const wechat = new WeChatApp(this, 'WeChat');
    tokens.grantIssue(signIn);
    wechat.grantAppAccess(signIn);
    tokens.grantVerify(authorizer);
    // Those that push WeChat subscribe messages need the app's access token, hence its secret.
    for (const pusher of ['notifications', 'push-dispatcher'].map((name) => this.functionNamed(name))) {
      wechat.grantAppAccess(pusher);
      wechat.grantSubscribeTemplates(pusher);
    }

    this.api = new GridHttpApi(this, 'Http', {
      routes: allRoutes(),
      functionNamed: (name) => this.functionNamed(name),
      authorizer,
      // The function that serves the service's own routes also knows every path, so it can tell 404 from 405.
      fallback: this.functionNamed(routeCatalogue.getHealth.function),
    });

    this.routeEventsToConsumers();
    this.scheduleJobs();
    this.onCall = new OnCallAlerts(this, 'OnCall', { email: this.node.tryGetContext('onCallEmail') });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
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
        projectionType: dynamodb.ProjectionType.ALL,
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
      eventPattern: { source: distinct(eventCatalogue.map((event) => event.source)) },
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

  private createFunctions(): void {
    const serviceArea = this.serviceArea();
    for (const { name, kind, entry, timeoutSeconds } of lambdaFunctions()) {
      const fn = new HouseFunction(this, `${pascalCase(name)}Function`, {
        entry,
        description: `grid-service ${kind} function ${name}`,
        invokedAsynchronously: ASYNC_KINDS.includes(kind),
        timeout: Duration.seconds(timeoutSeconds),
      });
      // Each function's table access is what infra/table-access.ts declares for it (none for some).
      const access = tableAccessOf(name);
      if (access) fn.bindTable(this.table, access);
      // Events ride in the item a write changes (the outbox) before they are published, so a function
      // that writes nothing publishes nothing: the authorizer and meta get no bus.
      if (access?.items.some((grant) => grant.actions.some((action) => WRITE_ACTIONS.includes(action)))) fn.bindBus(this.bus);
      // Locations clients send are checked against the service area; the authorizer reads none.
      if (kind !== 'authorizer') fn.addEnvironment('SERVICE_AREA', serviceArea);
      this.functions.set(name, fn);
    }
  }

  private routeEventsToConsumers(): void {
    for (const { consumer, description, events: heard } of subscriptions) {
      new events.Rule(this, `${pascalCase(consumer)}Subscription`, {
        eventBus: this.bus,
        description: description,
        eventPattern: matching(heard),
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

/** Matches exactly the given events: their sources and detail types. */
function matching(heard: readonly EventDefinition[]): events.EventPattern {
  return {
    source: distinct(heard.map((event) => event.source)),
    detailType: distinct(heard.map((event) => event.detailType)),
  };
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

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** `organisation-activity` → `OrganisationActivity`, for construct ids. */
const pascalCase = (name: string): string =>
  name.replace(/(^|[-_])(\w)/g, (_, __: string, letter: string) => letter.toUpperCase());
