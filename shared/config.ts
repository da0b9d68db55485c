/**
 * Runtime configuration, read from the environment once per cold start.
 * The CDK stack and the local runtime set the same variables, so handlers never know where they run.
 */
export interface Config {
  tableName: string;
  eventBusName: string;
  /** Set only by the local runtime: AWS clients talk to the embedded engine and local bus. */
  dynamodbEndpoint?: string;
  eventBridgeEndpoint?: string;
  /** The private bucket photos live in (`PHOTOS_BUCKET`), and locally the object store's endpoint. */
  photosBucket: string;
  s3Endpoint?: string;
  /** `local` enables the `dev:<userId>` login; the CDK stack never sets it. */
  stage: 'local' | 'aws';
  tokenIssuer: string;
  tokenAudience: string;
  /** How long a token lives; verification also refuses any token whose lifetime is longer. */
  tokenTtlSeconds: number;
  /** A PKCS#8 PEM ES256 private key (local mode) ... */
  tokenPrivateKeyPem?: string;
  /** ... or the KMS key that signs tokens in AWS. */
  tokenKmsKeyId?: string;
  tokenPublicKeyPem?: string;
  /**
   * During a key rotation, the key that signed tokens before the current one (a PEM public key or
   * a KMS key id): its tokens keep verifying until they expire, so nobody is signed out at once.
   */
  tokenPreviousPublicKeyPem?: string;
  tokenPreviousKmsKeyId?: string;
  wechatBaseUrl: string;
  wechatAppId: string;
  wechatSecretName?: string;
  wechatSecret?: string;
  /**
   * Where departments' signing secrets live in Secrets Manager: `<prefix>/departments/<id>/signing-secret`
   * (`DEPARTMENT_SECRETS_PREFIX`, the stack's name in AWS).
   */
  departmentSecretsPrefix: string;
  /** Set only by the local runtime: the Secrets Manager stand-in's endpoint (infra/local/secrets-store/). */
  secretsManagerEndpoint?: string;
  /** WeCom (企业微信) API base URL, for group robot webhooks; tests point it at a loopback fake. */
  wecomBaseUrl: string;
  /** JSON: notice kind → WeChat subscribe-message template (see shared/notifications/subscribe-messages.ts parseTemplates). */
  wechatSubscribeTemplates?: string;
  /** Where the service works (`SERVICE_AREA`): a location a client sends outside it is refused. */
  serviceArea: ServiceArea;
  /** The API's public base URL (`API_BASE_URL`): where departments call back (shared/departments/outgoing.ts). */
  apiBaseUrl?: string;
}

/** A box on the map, WGS-84 degrees: the service's area. */
export interface ServiceArea {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

/**
 * Nanjing's municipal area, 31°14′–32°37′ N and 118°22′–119°14′ E as the city describes itself
 * (南京概况), widened by 0.05° (≈ 5 km) on every side for points on the border, rounding to the
 * arc-minute, and WGS-84 against GCJ-02 map offsets (≈ 0.5 km).
 */
export const DEFAULT_SERVICE_AREA: ServiceArea = { minLat: 31.18, minLng: 118.31, maxLat: 32.67, maxLng: 119.29 };

/**
 * Reads a service area written `minLat,minLng,maxLat,maxLng` (plain decimals, e.g.
 * `31.18,118.31,32.67,119.29`); anything else throws, so a bad `SERVICE_AREA` or `-c serviceArea`
 * stops the synth or the start instead of silently widening the area.
 */
export function parseServiceArea(text: string): ServiceArea {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => (/^-?\d+(\.\d+)?$/.test(part) ? Number(part) : Number.NaN));
  const [minLat, minLng, maxLat, maxLng] = numbers as [number, number, number, number];
  const valid =
    numbers.length === 4 &&
    numbers.every(Number.isFinite) &&
    -90 <= minLat && minLat < maxLat && maxLat <= 90 &&
    -180 <= minLng && minLng < maxLng && maxLng <= 180;
  if (!valid) {
    throw new Error(`service area '${text}' is not minLat,minLng,maxLat,maxLng with -90 ≤ minLat < maxLat ≤ 90 and -180 ≤ minLng < maxLng ≤ 180`);
  }
  return { minLat, minLng, maxLat, maxLng };
}

/** The service area in the form `SERVICE_AREA` and `-c serviceArea` take. */
export const formatServiceArea = (area: ServiceArea): string => [area.minLat, area.minLng, area.maxLat, area.maxLng].join(',');

/** A function's environment variables. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment of the function running now. In Lambda that is `process.env`, one function to a
 * process. The local runtime can run every function in one process; it then answers with the
 * environment of the function whose code is running (infra/local/function-scope.ts), so each sees
 * only the variables its deployed twin is given.
 */
let currentEnvironment: () => Environment | undefined = () => undefined;

/** Set only by the local runtime: where to read the running function's environment (undefined: process.env). */
export function readEnvironmentFrom(source: (() => Environment | undefined) | undefined): void {
  currentEnvironment = source ?? (() => undefined);
}

/** The running function's environment variables (process.env in Lambda; its own locally). */
export const environment = (): Environment => currentEnvironment() ?? process.env;

/** Reads the configuration from the function's environment; cheap, so callers may call it per request. */
export function config(): Config {
  const variables = environment();
  const env = (name: string): string | undefined => {
    const value = variables[name];
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    tableName: env('TABLE_NAME') ?? 'grid-service',
    eventBusName: env('EVENT_BUS_NAME') ?? 'grid-service',
    dynamodbEndpoint: env('DYNAMODB_ENDPOINT'),
    eventBridgeEndpoint: env('EVENTBRIDGE_ENDPOINT'),
    photosBucket: env('PHOTOS_BUCKET') ?? 'grid-service-photos',
    s3Endpoint: env('S3_ENDPOINT'),
    stage: env('STAGE') === 'local' ? 'local' : 'aws',
    tokenIssuer: env('TOKEN_ISSUER') ?? 'grid-service',
    tokenAudience: env('TOKEN_AUDIENCE') ?? 'grid-service-api',
    tokenTtlSeconds: Number(env('TOKEN_TTL_SECONDS') ?? 7200),
    tokenPrivateKeyPem: env('TOKEN_PRIVATE_KEY_PEM'),
    tokenKmsKeyId: env('TOKEN_KMS_KEY_ID'),
    tokenPublicKeyPem: env('TOKEN_PUBLIC_KEY_PEM'),
    tokenPreviousPublicKeyPem: env('TOKEN_PREVIOUS_PUBLIC_KEY_PEM'),
    tokenPreviousKmsKeyId: env('TOKEN_PREVIOUS_KMS_KEY_ID'),
    wechatBaseUrl: env('WECHAT_BASE_URL') ?? 'https://api.weixin.qq.com',
    wechatAppId: env('WECHAT_APP_ID') ?? '',
    wechatSecretName: env('WECHAT_SECRET_NAME'),
    wechatSecret: env('WECHAT_SECRET'),
    departmentSecretsPrefix: env('DEPARTMENT_SECRETS_PREFIX') ?? 'grid-service',
    secretsManagerEndpoint: env('SECRETS_MANAGER_ENDPOINT'),
    wecomBaseUrl: env('WECOM_BASE_URL') ?? 'https://qyapi.weixin.qq.com',
    wechatSubscribeTemplates: env('WECHAT_SUBSCRIBE_TEMPLATES'),
    serviceArea: serviceAreaOf(env('SERVICE_AREA')),
    apiBaseUrl: env('API_BASE_URL'),
  };
}

/** The last `SERVICE_AREA` read, so a warm function parses it once, not on every `config()`. */
let lastServiceArea: { text: string | undefined; area: ServiceArea } | undefined;
function serviceAreaOf(text: string | undefined): ServiceArea {
  if (!lastServiceArea || lastServiceArea.text !== text) {
    lastServiceArea = { text, area: text === undefined ? DEFAULT_SERVICE_AREA : parseServiceArea(text) };
  }
  return lastServiceArea.area;
}
