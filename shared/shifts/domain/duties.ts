import type { Identity } from '../../auth/identity';
import { fieldProblem } from '../../http/errors';
import type { OrgUnit } from '../../organisation/model';
import type { Duty, DutyInput } from '../model';
import { assertManages } from './access';

/** Decides a new duty of a micro-grid's responsibility list (责任清单). */
export function planDuty(identity: Identity, unit: OrgUnit, input: DutyInput, id: string, now: Date): Duty {
  assertManages(identity, unit);
  if (unit.kind !== 'micro_grid') throw fieldProblem('path.unitId', 'responsibility lists belong to micro-grids');
  const { recurrence } = input;
  if (recurrence.from && recurrence.until && recurrence.until < recurrence.from) {
    throw fieldProblem('body.recurrence.until', 'until must not be before from');
  }
  return {
    id,
    microGridId: unit.id,
    title: input.title,
    kind: input.kind,
    ...(input.description ? { description: input.description } : {}),
    ...(input.location ? { location: input.location } : {}),
    ...(input.stationId ? { stationId: input.stationId } : {}),
    ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
    recurrence,
    headcount: input.headcount,
    createdAt: now.toISOString(),
    createdBy: identity.userId,
  };
}
