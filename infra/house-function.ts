import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations, type CfnResource } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_RUNTIME, type NativeBundling, houseBundling, houseDefine, prebuiltBundlingOf } from './bundling';
import { DeadLetterQueue } from './dead-letter-queue';
import { FUNCTION_MEMORY_MB, baseEnvironment } from './functions';
import { type TableAccess, anyPartition } from './table-access';

/** The repository root: function entries, the lock file and the bundler all resolve from here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `STAGE=local` turns on the developer login, so no deployed function may ever carry it. */
const FORBIDDEN_VARIABLE = 'STAGE';
const FORBIDDEN_VALUE = 'local';

/** The bundler's output formats as CDK spells them. */
const OUTPUT_FORMATS = { esm: OutputFormat.ESM, cjs: OutputFormat.CJS } as const;

/**
 * `-c traceSdkCalls=true`: every function's calls to DynamoDB, EventBridge, KMS, Secrets Manager,
 * WeChat and WeCom become X-Ray subsegments (shared/observability/tracing.ts). Off by default: the
 * tracer would put every bundle past the house's size bound (README, "Tracing").
 */
export const TRACE_SDK_CALLS_CONTEXT = 'traceSdkCalls';

/** Whether the app's context asks for SDK calls to be traced (`true` from cdk.json, `'true'` from `-c`). */
export function tracesSdkCalls(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext(TRACE_SDK_CALLS_CONTEXT);
  return value === true || value === 'true';
}

/** How Lambda itself retries an asynchronous invocation before giving up on it (2 is its maximum). */
const ASYNC_INVOKE_RETRIES = 2;

/** CDK's runtime of that name (`LAMBDA_RUNTIME`, declared once in infra/bundling.ts). */
function runtimeNamed(name: string): lambda.Runtime {
  // Not NODEJS_LATEST, which has the same name but follows CDK releases.
  const runtime = lambda.Runtime.ALL.find((candidate) => candidate.name === name && !candidate.isVariable);
  if (!runtime) throw new Error(`aws-cdk-lib knows no Lambda runtime ${name}`);
  return runtime;
}

export interface HouseFunctionProps {
  /** Path to the module that exports `handler`, absolute or relative to the repository root. */
  entry: string;
  description: string;
  /**
   * The function is invoked asynchronously (by the bus or a schedule): it gets its own dead-letter
   * queue, where Lambda puts invocations that still fail after its retries.
   */
  invokedAsynchronously?: boolean;
  /** Defaults to 10 s, enough for a request; consumers that call WeChat need longer. */
  timeout?: Duration;
  /** Lambda's reserved concurrency: a share of its own, and its ceiling (infra/functions.ts says who gets one). */
  reservedConcurrency?: number;
  /** Packages with native binaries, installed beside the bundle for Lambda's platform (`nativeBundlingOf`). */
  native?: NativeBundling;
}

/**
 * A Lambda function with the house defaults: Node.js on arm64, an ESM bundle with source maps and
 * its own copy of the AWS SDK, JSON logs into a log group it owns, X-Ray tracing, and a role that
 * holds nothing but what the `bind*` methods grant.
 */
export class HouseFunction extends NodejsFunction {
  /** Where failed asynchronous invocations end up; only set for `invokedAsynchronously` functions. */
  readonly deadLetters?: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    // The role and log group are made here rather than left to Lambda so the role holds no AWS
    // managed policy: it may write to this function's log group and nowhere else.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(role);
    const deadLetters = props.invokedAsynchronously
      ? new DeadLetterQueue(scope, `${id}DeadLetters`, { purpose: `Failed invocations of ${props.description}` })
      : undefined;
    const traceSdkCalls = tracesSdkCalls(scope);
    // api-docs only: its document is generated at bundling and written beside the bundle (infra/bundling.ts).
    const prebuilt = prebuiltBundlingOf(props.entry, repoRoot);

    super(scope, id, {
      entry: path.resolve(repoRoot, props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: runtimeNamed(LAMBDA_RUNTIME),
      architecture: lambda.Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: deadLetters?.queue,
      retryAttempts: deadLetters ? ASYNC_INVOKE_RETRIES : undefined,
      // What every function's environment holds; its bindings add the rest (infra/functions.ts).
      // With -c traceSdkCalls=true, the variable that loads the tracer, in bundles built to carry it.
      environment: { ...baseEnvironment, ...(traceSdkCalls ? { TRACE_SDK_CALLS: 'true' } : {}) },
      bundling: {
        ...houseBundling,
        format: OUTPUT_FORMATS[houseBundling.format],
        mainFields: [...houseBundling.mainFields],
        define: { ...houseDefine(traceSdkCalls), ...prebuilt?.define },
        ...(prebuilt ? { commandHooks: prebuilt.commandHooks } : {}),
        // Left out of the bundle and installed for linux/arm64 beside it (infra/bundling.ts says why).
        ...(props.native ? { nodeModules: props.native.nodeModules, environment: props.native.environment } : {}),
      },
    });
    this.deadLetters = deadLetters;

    // CDK makes every function depend on its role so the role's policy exists before the function;
    // the half of that naming the role itself repeats the `Role` GetAtt, which cfn-lint flags.
    (this.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
  }

  /** Refuses `STAGE` and the value `local`: they would switch on the developer login in AWS. */
  override addEnvironment(key: string, value: string, options?: lambda.EnvironmentOptions): this {
    if (key === FORBIDDEN_VARIABLE || value === FORBIDDEN_VALUE) {
      throw new Error(`${this.node.path}: ${key}=${value} must never be deployed; it enables the local developer login`);
    }
    return super.addEnvironment(key, value, options);
  }

  /**
   * Grants the function its declared access to the table (infra/table-access.ts) and nothing more;
   * the name goes in `TABLE_NAME`. See {@link tableAccessStatements} for the statements.
   */
  bindTable(table: dynamodb.TableV2, access: TableAccess): this {
    for (const statement of tableAccessStatements(table, access)) this.addToRolePolicy(statement);
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Publishes to the bus; the name goes in `EVENT_BUS_NAME`. */
  bindBus(bus: events.IEventBus): this {
    bus.grantPutEventsTo(this);
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    return this;
  }
}

/**
 * The IAM statements of a function's declared table access: one per item grant, on the table's ARN,
 * its partitions held by `ForAllValues:StringLike` on `dynamodb:LeadingKeys` (`USER#*`…) unless the
 * grant is for any partition; and one Query statement on the ARNs of the indexes it reads. AWS
 * documents `dynamodb:LeadingKeys` as the table's partition key, so index Queries carry no key
 * condition: they are held to the named indexes. Nothing here grants Scan, a transaction or a
 * wildcard action; the local runtime judges every call by these same rules (infra/local/table-guard.ts).
 */
export function tableAccessStatements(table: dynamodb.TableV2, access: TableAccess): iam.PolicyStatement[] {
  const statements = access.items.map(
    (grant) =>
      new iam.PolicyStatement({
        actions: grant.actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        ...(grant.partitions === anyPartition
          ? {}
          : { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.partitions.map((prefix) => `${prefix}*`) } } }),
      }),
  );
  if (access.indexes.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: access.indexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
  return statements;
}
