import { microGridRoutes } from './routes/micro-grids';
import { myShiftRoutes } from './routes/mine';
import { oneShiftRoutes } from './routes/shifts';

/**
 * The shifts feature's routes, served by functions/http/shifts.ts, declared by the paths they sit
 * under: a micro-grid's (`routes/micro-grids.ts`), one shift's (`routes/shifts.ts`) and a member's
 * own (`routes/mine.ts`).
 */
export const shiftRoutes = { ...microGridRoutes, ...oneShiftRoutes, ...myShiftRoutes };
