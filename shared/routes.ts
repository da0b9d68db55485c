import { authRoutes } from './users/sign-in-routes';
import { deliveryRoutes } from './departments/delivery-routes';
import { departmentCallbackRoutes, departmentRoutes } from './departments/routes';
import { facilityRoutes } from './facilities/routes';
import type { RouteDefinition } from './http/route';
import { apiDocsRoutes, metaRoutes } from './meta/routes';
import { open311Routes } from './open311/routes';
import { announcementRoutes, notificationRoutes } from './notifications/routes';
import { organisationRoutes } from './organisation/routes';
import { photoRoutes } from './photos/routes';
import { shiftRoutes } from './shifts/routes';
import { stationRoutes } from './stations/routes';
import { reportRoutes } from './requests/report-routes';
import { requestRoutes } from './requests/routes';
import { userRoutes } from './users/routes';

/**
 * The route catalogue: every operation of the API, keyed by operationId. CDK builds the HTTP API
 * from it, the local gateway serves it, the OpenAPI document is generated from it, and the tests
 * walk it. Each feature declares its routes in `shared/<feature>/routes.ts`; handlers import only
 * their own feature's, which keeps every bundle small.
 */
export const routeCatalogue = {
  ...metaRoutes,
  ...apiDocsRoutes,
  ...authRoutes,
  ...userRoutes,
  ...organisationRoutes,
  ...shiftRoutes,
  ...stationRoutes,
  ...facilityRoutes,
  ...notificationRoutes,
  ...announcementRoutes,
  ...requestRoutes,
  ...reportRoutes,
  ...photoRoutes,
  ...open311Routes,
  ...deliveryRoutes,
  ...departmentRoutes,
  ...departmentCallbackRoutes,
} satisfies Record<string, RouteDefinition>;

export type OperationId = keyof typeof routeCatalogue;

/** The catalogue as a list of `[operationId, route]`. */
export const allRoutes = (): [string, RouteDefinition][] => Object.entries(routeCatalogue);
