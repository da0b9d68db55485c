import { readFileSync } from 'node:fs';
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGridApp } from '../../infra/grid-app';
import type { GridServiceStack } from '../../infra/grid-stack';

/** The context `cdk synth` runs with (feature flags), so the tests see the template that deploys. */
const cdkContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

const DOMAIN = 'api.grid.example.cn';
const CERTIFICATE = 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/0b7e2a4c-1111-2222-3333-444455556666';

/** The app as `cdk synth` builds it, with cdk-nag, minus the esbuild bundling, plus the given context. */
const build = (context: Record<string, unknown>) => buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...context });

const logicalIdOf = (stack: GridServiceStack, construct: { node: { defaultChild?: unknown } }): string =>
  stack.resolve((construct.node.defaultChild as CfnResource).logicalId);

describe('the API with -c apiDomainName and -c apiCertificateArn', () => {
  let stack: GridServiceStack;
  let template: Template;

  beforeAll(() => {
    // Prepare: both keys, as `cdk deploy -c apiDomainName=… -c apiCertificateArn=…` passes them.
    ({ stack } = build({ apiDomainName: DOMAIN, apiCertificateArn: CERTIFICATE }));
    // Act: synthesis runs cdk-nag too, and throws on any unacknowledged finding.
    template = Template.fromStack(stack);
  });

  it('serves the domain on a regional endpoint with the imported certificate and TLS 1.2', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: DOMAIN,
      DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  it("maps the domain's root to the API's $default stage, after the stage exists", () => {
    // Prepare
    const apiId = logicalIdOf(stack, stack.api.api);
    const stageId = logicalIdOf(stack, stack.api.stage);
    const domainId = logicalIdOf(stack, stack.api.domainName!);
    // Act
    const mappings = Object.values(template.findResources('AWS::ApiGatewayV2::ApiMapping'));
    // Assess
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toEqual({ ApiId: { Ref: apiId }, DomainName: { Ref: domainId }, Stage: '$default' });
    expect(mappings[0]!.DependsOn).toContain(stageId);
  });

  it("outputs the domain's target for the operator's CNAME, and the URL the mini-program calls", () => {
    // Prepare
    const domainId = logicalIdOf(stack, stack.api.domainName!);
    // Assess
    template.hasOutput('ApiDomainTarget', {
      Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
      Description: Match.stringLikeRegexp(`CNAME record for ${DOMAIN.replace(/\./g, '\\.')}`),
    });
    template.hasOutput('ApiDomainUrl', { Value: `https://${DOMAIN}` });
  });

  it('keeps the execute-api URL, for checks before DNS points at the domain', () => {
    // Assess
    template.hasOutput('ApiUrl', Match.anyValue());
    expect(template.findResources('AWS::ApiGatewayV2::Api')).not.toEqual({});
    for (const api of Object.values(template.findResources('AWS::ApiGatewayV2::Api'))) {
      expect(api.Properties.DisableExecuteApiEndpoint).toBeUndefined();
    }
  });
});

describe('the API with only one of the two keys', () => {
  it('stops the synth when the domain comes without a certificate, saying what is missing', () => {
    // Act
    const synth = () => build({ apiDomainName: DOMAIN });
    // Assess
    expect(synth).toThrow(/apiDomainName=api\.grid\.example\.cn was given without -c apiCertificateArn/);
  });

  it('stops the synth when the certificate comes without a domain', () => {
    // Act
    const synth = () => build({ apiCertificateArn: CERTIFICATE });
    // Assess
    expect(synth).toThrow(/apiCertificateArn was given without -c apiDomainName/);
  });

  it('stops the synth on a URL for a name, or something other than an ACM certificate ARN', () => {
    // Act
    const withUrl = () => build({ apiDomainName: `https://${DOMAIN}/`, apiCertificateArn: CERTIFICATE });
    const withKeyArn = () => build({ apiDomainName: DOMAIN, apiCertificateArn: 'arn:aws:kms:cn-north-1:123456789012:key/abc' });
    // Assess
    expect(withUrl).toThrow(/is not a lowercase host name/);
    expect(withKeyArn).toThrow(/is not an ACM certificate ARN/);
  });
});

describe('the API without a custom domain', () => {
  it('has no domain, no mapping, no certificate and no domain outputs', () => {
    // Prepare
    const { stack } = build({});
    // Act
    const template = Template.fromStack(stack);
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      ['ApiUrl', 'EventBusName', 'OnCallTopicArn', 'TableName', 'WeChatAppSecretArn'].sort(),
    );
    expect(stack.api.domainName).toBeUndefined();
  });

  it('treats empty values as not given', () => {
    // Act
    const { stack } = build({ apiDomainName: '', apiCertificateArn: '' });
    // Assess
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});
