import type { Department } from '../requests/model';
import { departments } from '../requests/terms';

/**
 * The departments feature's plain values: what the service sends a department, what a callback
 * may do, and which departments there are. Their own module, with no schema: what needs only these
 * (the deliveries, the callbacks' path check) does not build model.ts's schemas when its Lambda loads.
 */

/** What the service sends a department: a request escalated to it, and later changes it subscribed to. */
export const departmentEventKinds = ['escalated', 'withdrawn', 'updated'] as const;

/** Whether a path's department is one of the six (anything else is answered 404). */
export const isDepartment = (departmentId: string): departmentId is Department => (departments as readonly string[]).includes(departmentId);

/** The actions a department's callback may carry. */
export const callbackActions = ['accept', 'need_info', 'resolve', 'return'] as const;

/** The most photo URLs a resolution may carry. */
export const CALLBACK_PHOTOS_MAX = 4;
