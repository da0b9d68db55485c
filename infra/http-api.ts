import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUTHORIZER_CACHE_SECONDS } from '../shared/auth/identity';
import { isPublic, routeKeyOf, type RouteDefinition } from '../shared/http/route';
import type { ApiDomain } from './api-domain';
import { FALLBACK_THROTTLE, STAGE_THROTTLE, type Throttle, routeThrottles } from './route-throttles';

export interface GridHttpApiProps {
  /** The catalogue: one route per entry, named by its operationId. */
  routes: [operationId: string, route: RouteDefinition][];
  /** The function behind each route's `function` name. */
  functionNamed: (name: string) => lambda.IFunction;
  /** Checks the bearer token on every route that is not public. */
  authorizer: lambda.IFunction;
  /** Answers whatever no route matches: 404 for unknown paths, 405 for a known path's other methods. */
  fallback: lambda.IFunction;
  /** The operator's own HTTPS name for the API (infra/api-domain.ts); without it, only the execute-api URL. */
  domain?: ApiDomain;
}

/** Headers browsers may send: the token, JSON bodies, retries, optimistic locking, and language. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'Accept-Language'];

/**
 * How long API Gateway waits for a function: the most CDK lets an HTTP API integration wait (29 s,
 * under the service's own 30 s ceiling). Every function behind a
 * route times out well before it (infra/functions.ts; a test holds them to it), even on a cold
 * start, so the gateway never gives up on a function that is still running: the caller gets the
 * function's answer, or Lambda's own timeout error.
 */
export const INTEGRATION_TIMEOUT = Duration.seconds(29);

/** One JSON object per request; HTTP API context variables, so the log is queryable in Logs Insights. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

/**
 * The HTTP API, built route by route from the catalogue. Routes that are not public sit behind a
 * Lambda authorizer; role checks happen in the handlers, which know each route's `access`.
 */
export class GridHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** The custom domain, mapped at its root to the `$default` stage, when one is configured. */
  readonly domainName?: apigwv2.DomainName;

  constructor(scope: Construct, id: string, props: GridHttpApiProps) {
    super(scope, id);
    const integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();
    const integrationFor = (fn: lambda.IFunction): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        // One invoke permission per function for this API, not one per route: a route is two
        // resources otherwise, and the stack's 500 would be reached at about 125 routes. The API
        // sends each function only the routes the catalogue gives it.
        integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn, { timeout: INTEGRATION_TIMEOUT, scopePermissionToRoute: false });
        integrations.set(fn, integration);
      }
      return integration;
    };

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: Stack.of(this).stackName,
      description: 'grid-service HTTP API',
      // The stage below is made by hand: the default one takes no throttling or access log settings.
      createDefaultStage: false,
      corsPreflight: {
        // Tokens travel in a header, never in cookies, so any origin may call; none gets ambient credentials.
        allowOrigins: ['*'],
        allowHeaders: ALLOWED_HEADERS,
        allowMethods: [...new Set(props.routes.map(([, route]) => route.method))].map(
          (method) => apigwv2.CorsHttpMethod[method],
        ),
        maxAge: Duration.hours(1),
      },
    });

    const authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // The authorizer decides from the token alone, so its answer can be reused per token.
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_SECONDS),
    });

    /** The routes with throttles of their own, by route key: the stage's route settings name them. */
    const throttled = new Map<string, { route: apigwv2.HttpRoute; throttle: Throttle }>();
    for (const [operationId, route] of props.routes) {
      const httpRoute = new apigwv2.HttpRoute(this, operationId, {
        httpApi: this.api,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: integrationFor(props.functionNamed(route.function)),
        authorizer: isPublic(route) ? new apigwv2.HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic(route)) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `Public in the route catalogue (${routeKeyOf(route)}): it must answer callers who hold no token yet.`,
        });
      }
      const throttle = (routeThrottles as Readonly<Record<string, Throttle | undefined>>)[operationId];
      if (throttle) throttled.set(routeKeyOf(route), { route: httpRoute, throttle });
    }
    const fallback = new apigwv2.HttpRoute(this, 'Fallback', {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: integrationFor(props.fallback),
      authorizer: new apigwv2.HttpNoneAuthorizer(),
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route only answers unmatched requests with 404 or 405; behind the authorizer they would all become 401.',
    });
    throttled.set(apigwv2.HttpRouteKey.DEFAULT.key, { route: fallback, throttle: FALLBACK_THROTTLE });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      // Per-route metrics stay off: they would be 6 custom metrics for each of the 112 routes, about
      // $200 a month, as much as the whole service costs, and a p99 per route is noise at most
      // routes' traffic. Latency is watched per route group instead, on the Lambda function that
      // serves the group (infra/observability/api-alarms.ts).
      detailedMetricsEnabled: false,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // The L2 stage takes no per-route settings. API Gateway refuses settings for a route that does
    // not exist yet, so the stage waits for the routes it names.
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = Object.fromEntries(
      [...throttled].map(([routeKey, { throttle }]) => [
        routeKey,
        { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit },
      ]),
    );
    for (const { route } of throttled.values()) this.stage.node.addDependency(route);

    if (props.domain) {
      // Regional (edge-optimized names do not exist in the China regions), TLS 1.2, the certificate
      // imported: ACM validates it through a record in the operator's DNS, outside this stack.
      this.domainName = new apigwv2.DomainName(this, 'Domain', {
        domainName: props.domain.name,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        endpointType: apigwv2.EndpointType.REGIONAL,
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
      // The whole API at the domain's root: https://<domain>/health is the stage's /health. The
      // execute-api URL keeps working (same routes, authorizer and throttle), for checks before DNS is set.
      new apigwv2.ApiMapping(this, 'DomainMapping', { api: this.api, domainName: this.domainName, stage: this.stage });
    }
  }

  /** The base URL clients call. */
  get url(): string {
    return this.stage.url;
  }
}
