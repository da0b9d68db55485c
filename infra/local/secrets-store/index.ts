import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type SecretAction, departmentSecretAccessOf, departmentSecretPath } from '../../department-secrets';
import { writeFileAtomically } from '../durable-files';
import { functionOfAccessKey } from '../environment';

/**
 * The local stand-in for Secrets Manager: an HTTP endpoint speaking the JSON 1.1 protocol the AWS SDK
 * v3 client sends (`POST /`, `X-Amz-Target: secretsmanager.<Operation>`), for what the service does
 * with departments' signing secrets — CreateSecret, PutSecretValue, GetSecretValue, DescribeSecret —
 * with Secrets Manager's error types (`ResourceNotFoundException`…), so the SDK raises the same named
 * errors it raises against AWS. Each call is held to the calling function's grants (the access key it
 * signs with names it: infra/local/environment.ts; infra/department-secrets.ts declares the grants), as
 * its role would be in AWS; the runtime's own key (tests, seeds) may do anything. Signatures are not
 * verified: the key id is trusted, as the table guard trusts it. Secrets are kept in one file,
 * `<dataDir>/secrets.json`, readable by its owner only (0600), rewritten atomically on each change.
 */

interface StoredSecret {
  name: string;
  arn: string;
  description?: string;
  value: string;
  versionId: string;
  createdAt: number;
  changedAt: number;
}

export interface SecretsStoreOptions {
  /** Secrets are kept in `<dataDir>/secrets.json`; in memory without one. */
  dataDir?: string;
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The prefix departments' secrets are named under (`DEPARTMENT_SECRETS_PREFIX`): functions' grants cover it only. */
  prefix: string;
}

/** A running stand-in. */
export interface SecretsStore {
  /** Its endpoint, for `SECRETS_MANAGER_ENDPOINT`. */
  url: string;
  /** Every call refused because the calling function's grants do not allow it, in order. */
  denials(): readonly string[];
  close(): Promise<void>;
}

const REGION_ACCOUNT = 'cn-north-1:000000000000';

class SecretsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the Secrets Manager stand-in on 127.0.0.1. */
export async function startSecretsStore(options: SecretsStoreOptions): Promise<SecretsStore> {
  const file = options.dataDir ? join(resolve(options.dataDir), 'secrets.json') : undefined;
  const secrets = new Map<string, StoredSecret>(
    file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredSecret[]).map((secret) => [secret.name, secret]) : [],
  );
  const denials: string[] = [];
  const save = () => {
    if (file) writeFileAtomically(file, JSON.stringify([...secrets.values()], null, 2), `${file}.tmp`, 0o600);
  };
  /** A secret by its name or ARN, as `SecretId` may give either. */
  const lookup = (id: unknown): StoredSecret | undefined =>
    typeof id === 'string' ? (secrets.get(id) ?? [...secrets.values()].find((candidate) => candidate.arn === id)) : undefined;
  const find = (id: unknown): StoredSecret => {
    const secret = lookup(id);
    if (!secret) throw new SecretsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const operations: Record<SecretAction, (input: Record<string, unknown>) => Record<string, unknown>> = {
    CreateSecret(input) {
      const name = String(input.Name ?? '');
      if (!name) throw new SecretsError('InvalidParameterException', 'Name is required');
      if (secrets.has(name)) throw new SecretsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      const now = Date.now() / 1000;
      const suffix = randomUUID().replace(/-/g, '').slice(0, 6);
      const secret: StoredSecret = {
        name,
        arn: `arn:aws:secretsmanager:${REGION_ACCOUNT}:secret:${name}-${suffix}`,
        value: String(input.SecretString ?? ''),
        versionId: randomUUID(),
        createdAt: now,
        changedAt: now,
        ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
      };
      secrets.set(name, secret);
      save();
      return { ARN: secret.arn, Name: name, VersionId: secret.versionId };
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId);
      Object.assign(secret, { value: String(input.SecretString ?? ''), versionId: randomUUID(), changedAt: Date.now() / 1000 });
      save();
      return { ARN: secret.arn, Name: secret.name, VersionId: secret.versionId, VersionStages: ['AWSCURRENT'] };
    },
    GetSecretValue(input) {
      const secret = find(input.SecretId);
      return { ARN: secret.arn, Name: secret.name, VersionId: secret.versionId, SecretString: secret.value, VersionStages: ['AWSCURRENT'], CreatedDate: secret.changedAt };
    },
    DescribeSecret(input) {
      const secret = find(input.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...(secret.description ? { Description: secret.description } : {}),
        CreatedDate: secret.createdAt,
        LastChangedDate: secret.changedAt,
        VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] },
      };
    },
  };

  /** Whether the caller may make this call on this secret: the runtime itself always; a function by its grants. */
  const allowed = (accessKey: string | undefined, action: SecretAction, name: string): boolean => {
    const fn = accessKey ? functionOfAccessKey(accessKey) : undefined;
    if (accessKey && !fn) return true;
    const grants = fn ? departmentSecretAccessOf(fn) : undefined;
    return Boolean(grants?.includes(action) && name.startsWith(departmentSecretPath(options.prefix)));
  };

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = (status: number, body: unknown, type?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      response.end(JSON.stringify(body));
    };
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const action = target.startsWith('secretsmanager.') ? (target.slice('secretsmanager.'.length) as SecretAction) : undefined;
      if (request.method !== 'POST' || !action || !Object.hasOwn(operations, action)) {
        throw new SecretsError('UnknownOperationException', `this stand-in does not do ${target || request.method}`);
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const accessKey = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
      const name = String(input.Name ?? input.SecretId ?? '');
      const secretName = lookup(name)?.name ?? name;
      if (!allowed(accessKey, action, secretName)) {
        denials.push(`${accessKey ?? 'anonymous'} ${action} ${secretName}`);
        throw new SecretsError('AccessDeniedException', `${accessKey ?? 'anonymous'} is not authorized to perform secretsmanager:${action} on ${secretName}`);
      }
      answer(200, operations[action](input));
    } catch (error) {
      const known = error instanceof SecretsError ? error : new SecretsError('InternalServiceError', (error as Error).message);
      answer(known.type === 'InternalServiceError' ? 500 : 400, { __type: known.type, message: known.message }, known.type);
    }
  };

  const server: Server = createServer((request, response) => void serve(request, response));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    denials: () => [...denials],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
