import type { Node } from 'constructs';

/**
 * The operator's own HTTPS name for the API (CDK context `apiDomainName`, e.g. `api.grid.example.cn`)
 * and the ACM certificate that covers it (`apiCertificateArn`, in the stack's region). A WeChat
 * mini-program only calls request domains registered in its console, and in mainland China only
 * ICP-filed ones, so a city needs this; the `execute-api` URL stays for smoke tests before DNS is set.
 *
 * The certificate is imported, never created: its DNS validation needs a record in the operator's
 * DNS, which the stack cannot write (README, "Deploy to AWS", step 2).
 */
export interface ApiDomain {
  /** The host name clients call, e.g. `api.grid.example.cn`. */
  name: string;
  /** `arn:aws:acm:<region>:<account>:certificate/<id>` (`arn:aws-cn:` in the China regions). */
  certificateArn: string;
}

/** Context keys, as operators pass them: `npx cdk deploy -c apiDomainName=… -c apiCertificateArn=…`. */
export const API_DOMAIN_NAME = 'apiDomainName';
export const API_CERTIFICATE_ARN = 'apiCertificateArn';

/** A DNS host name of at least two labels, lowercase (API Gateway stores domain names in lowercase). */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** An ACM certificate ARN in any partition (`aws`, `aws-cn`, `aws-us-gov`). */
const CERTIFICATE_ARN = /^arn:aws(-[a-z]+)*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;

const USAGE = `pass both, e.g. -c ${API_DOMAIN_NAME}=api.grid.example.cn -c ${API_CERTIFICATE_ARN}=arn:aws:acm:REGION:ACCOUNT:certificate/ID, or neither`;

/**
 * The API's custom domain from the context, or `undefined` when neither key is set. One key without
 * the other, a name that is not a host name, or something other than an ACM certificate ARN stops
 * the synth, so a deployment never half-configures the domain. An empty value counts as not set.
 */
export function apiDomainOf(node: Node): ApiDomain | undefined {
  const read = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`-c ${key} must be a string, not ${JSON.stringify(value)}`);
    return value.trim();
  };
  const name = read(API_DOMAIN_NAME);
  const certificateArn = read(API_CERTIFICATE_ARN);
  if (name === undefined && certificateArn === undefined) return undefined;
  if (name === undefined) {
    throw new Error(`-c ${API_CERTIFICATE_ARN} was given without -c ${API_DOMAIN_NAME}: the API's custom domain needs both; ${USAGE}`);
  }
  if (certificateArn === undefined) {
    throw new Error(
      `-c ${API_DOMAIN_NAME}=${name} was given without -c ${API_CERTIFICATE_ARN}: the API's custom domain needs an ACM certificate ` +
        `for it in the stack's region (aws acm request-certificate --domain-name ${name} --validation-method DNS); ${USAGE}`,
    );
  }
  if (!HOST_NAME.test(name)) {
    throw new Error(`-c ${API_DOMAIN_NAME}=${name} is not a lowercase host name such as api.grid.example.cn (no scheme, no path, no port)`);
  }
  if (!CERTIFICATE_ARN.test(certificateArn)) {
    throw new Error(`-c ${API_CERTIFICATE_ARN}=${certificateArn} is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID, arn:aws-cn:… in China)`);
  }
  return { name, certificateArn };
}
