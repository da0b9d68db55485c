import { isCityWide } from '../../shared/auth/scope';
import type { Identity } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { isDepartment } from '../../shared/departments/terms';
import { type StoredEndpoint, assertEndpointUrl, getStoredEndpoint, listDepartmentEndpoints, markSecretRotated, putDepartmentEndpoint } from '../../shared/departments/endpoints';
import { rotateSigningSecret } from '../../shared/departments/secrets';
import { departmentRoutes } from '../../shared/departments/routes';
import { SIGNATURE_HEADER } from '../../shared/departments/signing';
import { forbidden, notFound } from '../../shared/http/errors';
import { httpFunction } from '../../shared/http/function';
import type { Department } from '../../shared/requests/model';

/** Departments' endpoints and secrets are the whole city's: city-wide admins only. */
function assertCityWide(identity: Identity): void {
  if (!isCityWide(identity)) throw forbidden("departments' endpoints are for city-wide admins");
}

/** The path's department, one of the six; anything else is unknown (404). */
function departmentOf(departmentId: string): Department {
  if (!isDepartment(departmentId)) throw notFound(`department ${departmentId}`);
  return departmentId;
}

/** An endpoint as admins see it: whether it has a secret, never the secret. */
const endpointView = ({ secretRotatedAt, ...endpoint }: StoredEndpoint) => ({
  ...endpoint,
  departmentId: endpoint.departmentId as Department,
  hasSigningSecret: secretRotatedAt !== undefined,
  ...(secretRotatedAt ? { secretRotatedAt } : {}),
});

export const handler = httpFunction(departmentRoutes, {
  async listDepartments({ identity, query }) {
    assertCityWide(identity);
    const page = await listDepartmentEndpoints(query);
    return { ...page, items: page.items.map(endpointView) };
  },

  async getDepartmentEndpoint({ identity, params }) {
    assertCityWide(identity);
    const endpoint = await getStoredEndpoint(departmentOf(params.departmentId));
    if (!endpoint) throw notFound(`department ${params.departmentId} has no endpoint`);
    return endpointView(endpoint);
  },

  async putDepartmentEndpoint({ identity, params, body }) {
    assertCityWide(identity);
    const departmentId = departmentOf(params.departmentId);
    assertEndpointUrl(body.url, config().stage);
    const stored = await putDepartmentEndpoint({ departmentId, ...body, updatedAt: new Date().toISOString() });
    return endpointView(stored);
  },

  async rotateDepartmentSigningSecret({ identity, params }) {
    assertCityWide(identity);
    const departmentId = departmentOf(params.departmentId);
    // A secret belongs to a configured endpoint: its record says when the secret was made.
    if (!(await getStoredEndpoint(departmentId))) throw notFound(`department ${departmentId} has no endpoint: PUT it first`);
    const secret = await rotateSigningSecret(departmentId);
    const rotatedAt = new Date();
    await markSecretRotated(departmentId, rotatedAt);
    return { departmentId, secret, rotatedAt: rotatedAt.toISOString(), header: SIGNATURE_HEADER };
  },
});
