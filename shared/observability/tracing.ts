/**
 * X-Ray subsegments for the calls a function makes (DynamoDB, EventBridge, KMS, Secrets Manager,
 * WeChat and WeCom), a deployment option: `cdk deploy -c traceSdkCalls=true`. Lambda's own segment
 * is traced either way (X-Ray active tracing, infra/house-function.ts).
 *
 * The option costs what Powertools Tracer and aws-xray-sdk-core weigh, 120–123 KiB of every bundle
 * (0.36–0.37× the cold-start floor's whole bundle, which puts every function but one past the
 * house's 1.5× bound) and 25–54 ms of every cold start (bench/COLD-START.md). So the tracer is
 * loaded only when `TRACE_SDK_CALLS` is `true`, and the default bundles do not carry it at all: they
 * are built with `process.env.TRACE_SDK_CALLS` defined as `""` (infra/bundling.ts), which makes the
 * condition below false at build time and lets esbuild drop the import with its branch. A bundle
 * built with the option reads the variable when it starts (CDK sets it), so the option can also be
 * turned off without a rebuild.
 *
 * Locally and in tests the variable is unset: nothing is loaded and every helper here just runs
 * what it is given. (Were it set, Powertools Tracer would still switch itself off outside Lambda.)
 */
const sdkTracer = process.env.TRACE_SDK_CALLS === 'true' ? await import('./tracer') : undefined;

/** Safe values to annotate a subsegment with: never an openid, a phone number, a token or a key. */
export type Annotations = Readonly<Record<string, string | number | boolean>>;

/** What a traced piece of work may add to its subsegment as it learns it (an outcome, an errcode). */
export type Annotate = (key: string, value: string | number | boolean) => void;

const nothing: Annotate = () => undefined;

/**
 * The client, its calls traced as X-Ray subsegments when the option is on (Powertools
 * `captureAWSv3Client`); else the client as it is. Call it where the client is made, once.
 */
export function traced<Client>(client: Client): Client {
  return sdkTracer ? sdkTracer.captureClient(client) : client;
}

/**
 * Runs `work` inside a subsegment `name` with `annotations` when the option is on; else just runs
 * it. `work` may annotate the subsegment further through its argument.
 */
export function inSubsegment<T>(name: string, annotations: Annotations, work: (annotate: Annotate) => Promise<T>): Promise<T> {
  return sdkTracer ? sdkTracer.inSubsegment(name, annotations, work) : work(nothing);
}
