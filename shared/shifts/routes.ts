import { shiftPlanningRoutes } from './routes/planning';
import { shiftSeatRoutes } from './routes/seats';

/**
 * The shifts feature's routes, served by two functions so that each carries only its routes' code:
 * the plan and what it shows (`routes/planning.ts`, functions/http/shift-planning.ts), and who sits
 * on a shift, every route that can take or release a seat (`routes/seats.ts`,
 * functions/http/shift-seats.ts). A handler imports its own file, never this union.
 */
export const shiftRoutes = { ...shiftPlanningRoutes, ...shiftSeatRoutes };
