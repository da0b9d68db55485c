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
  /** `local` enables the `dev:<userId>` login; the CDK stack never sets it. */
  stage: 'local' | 'aws';
  tokenIssuer: string;
  tokenAudience: string;
  tokenTtlSeconds: number;
  /** A PKCS#8 PEM ES256 private key (local mode) ... */
  tokenPrivateKeyPem?: string;
  /** ... or the KMS key that signs tokens in AWS. */
  tokenKmsKeyId?: string;
  tokenPublicKeyPem?: string;
  wechatBaseUrl: string;
  wechatAppId: string;
  wechatSecretName?: string;
  wechatSecret?: string;
  /** WeCom (企业微信) API base URL, for group robot webhooks; tests point it at a loopback fake. */
  wecomBaseUrl: string;
  /** JSON: notice kind → WeChat subscribe-message template (see shared/notifications/domain.ts parseTemplates). */
  wechatSubscribeTemplates?: string;
}

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};

/** Reads the configuration from `process.env`; cheap, so callers may call it per request. */
export function config(): Config {
  return {
    tableName: env('TABLE_NAME') ?? 'grid-service',
    eventBusName: env('EVENT_BUS_NAME') ?? 'grid-service',
    dynamodbEndpoint: env('DYNAMODB_ENDPOINT'),
    eventBridgeEndpoint: env('EVENTBRIDGE_ENDPOINT'),
    stage: env('STAGE') === 'local' ? 'local' : 'aws',
    tokenIssuer: env('TOKEN_ISSUER') ?? 'grid-service',
    tokenAudience: env('TOKEN_AUDIENCE') ?? 'grid-service-api',
    tokenTtlSeconds: Number(env('TOKEN_TTL_SECONDS') ?? 7200),
    tokenPrivateKeyPem: env('TOKEN_PRIVATE_KEY_PEM'),
    tokenKmsKeyId: env('TOKEN_KMS_KEY_ID'),
    tokenPublicKeyPem: env('TOKEN_PUBLIC_KEY_PEM'),
    wechatBaseUrl: env('WECHAT_BASE_URL') ?? 'https://api.weixin.qq.com',
    wechatAppId: env('WECHAT_APP_ID') ?? '',
    wechatSecretName: env('WECHAT_SECRET_NAME'),
    wechatSecret: env('WECHAT_SECRET'),
    wecomBaseUrl: env('WECOM_BASE_URL') ?? 'https://qyapi.weixin.qq.com',
    wechatSubscribeTemplates: env('WECHAT_SUBSCRIBE_TEMPLATES'),
  };
}
