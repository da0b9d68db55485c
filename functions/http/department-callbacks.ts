import { receiveCallback } from '../../shared/departments/callbacks';
import { departmentCallbackRoutes } from '../../shared/departments/routes';
import { SIGNATURE_HEADER } from '../../shared/departments/signing';
import { httpFunction } from '../../shared/http/function';

/**
 * Callbacks from departments' systems: a function of its own, public and holding only what a
 * callback needs (read the department's secret, change the case), apart from the admins' routes
 * that may create and replace secrets.
 */
export const handler = httpFunction(departmentCallbackRoutes, {
  async receiveDepartmentCallback({ params, body, headers, rawBody }) {
    const outcome = await receiveCallback(
      { departmentId: params.departmentId, signature: headers[SIGNATURE_HEADER], rawBody: rawBody ?? '', body },
      new Date(),
    );
    return { outcome };
  },
});
