import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { HouseFunction } from './house-function';

/**
 * Departments' signing secrets in Secrets Manager (shared/departments/secrets.ts): one secret per
 * department, `<prefix>/departments/<id>/signing-secret`, made at run time by the rotation route (a
 * city adds departments without a deployment). Declared once here: CDK grants each function exactly
 * these actions on that name pattern, and the local stand-in (infra/local/secrets-store/) refuses
 * any call beyond them, as IAM would.
 */

export type SecretAction = 'GetSecretValue' | 'CreateSecret' | 'PutSecretValue' | 'DescribeSecret';

/** What each function may do with departments' signing secrets; a function not named has no access. */
export const departmentSecretAccess: Readonly<Record<string, readonly SecretAction[]>> = {
  // Rotation (POST /departments/{id}/signing-secret): replace the value, or create the secret the first time.
  departments: ['PutSecretValue', 'CreateSecret'],
  // Incoming callbacks check each signature with the department's secret.
  'department-callbacks': ['GetSecretValue'],
  // Outgoing deliveries are signed with the department's secret: the consumer's first attempt, the schedule's retries,
  // and a redrive's immediate attempt (the `deliveries` function).
  deliveries: ['GetSecretValue'],
  'department-deliveries': ['GetSecretValue'],
  'department-dispatcher': ['GetSecretValue'],
};

export const departmentSecretAccessOf = (functionName: string): readonly SecretAction[] | undefined => departmentSecretAccess[functionName];

/** The secrets' names start with this, after the prefix: the only names any grant covers. */
export const departmentSecretPath = (prefix: string): string => `${prefix}/departments/`;

/**
 * Grants a function its declared actions on the departments' secrets (their ARNs end in a random
 * suffix Secrets Manager adds, hence the wildcard after the name pattern), and gives it the prefix.
 */
export function grantDepartmentSecrets(fn: HouseFunction, actions: readonly SecretAction[], prefix: string): void {
  const stack = Stack.of(fn);
  const resource = stack.formatArn({ service: 'secretsmanager', resource: 'secret', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `${departmentSecretPath(prefix)}*` });
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: actions.map((action) => `secretsmanager:${action}`), resources: [resource] }));
  fn.addEnvironment('DEPARTMENT_SECRETS_PREFIX', prefix);
  Validations.of(fn.role!).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${departmentSecretPath(prefix)}*]`,
    reason:
      'One secret per department, created at run time by the rotation route under this name pattern (Secrets Manager appends a random suffix to each ARN): the grant is that pattern only, for the actions infra/department-secrets.ts declares.',
  });
}
