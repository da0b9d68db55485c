/**
 * The import's writes: the plan's differences, through the features' repositories, without events
 * (what the consumers would have done on them is done here directly, as the demo seed does).
 *
 * An interrupted import is finished by running it again. Each step is written so that what a crash
 * leaves half-done is seen on the rerun:
 * - a new grid's item is written before its routing cells, and every unchanged grid's cells are
 *   checked (BatchGets of the cell keys its boundary covers) and written again when one is missing
 *   or stale; a grid whose boundary changed gets its new cells and loses its old ones *before* its
 *   item changes, so until then the rerun still sees it as changed (and knows the old boundary);
 * - expected memberships and admin entries are checked for every staff row, and the missing ones
 *   written; those a changed row no longer holds are removed *before* the account changes;
 * - a station's managers' hints (never trusted alone) are written before the station.
 */
import { mapLimit } from '../../../shared/concurrency';
import type { Facility, LogEntry } from '../../../shared/facilities/model';
import { createDonor, createFacility, saveFacility, updateDonor } from '../../../shared/facilities/repository';
import type { Member, OrgUnit } from '../../../shared/organisation/model';
import { createOrgUnit, removeMember, saveMember, updateOrgUnit } from '../../../shared/organisation/repository';
import { createCategory, replaceCategory } from '../../../shared/requests/categories/repository';
import { indexAdmin, unindexAdmin } from '../../../shared/requests/escalation-targets';
import { indexGridBoundary, reindexGridBoundary } from '../../../shared/requests/grid-cells';
import { recordStationManagers } from '../../../shared/stations/managers';
import { defaultStationRules } from '../../../shared/stations/terms';
import { syncFullFlag } from '../../../shared/stations/occupancy';
import { createStation, saveStation } from '../../../shared/stations/repository';
import { saveStaffAccount } from '../../../shared/users/staff';
import { type Change, maskedPhone, same } from './compare';
import type { ImportRun, Plan } from './plan';
import { stationOfRow } from './plan-places';
import { IMPORT_MEMBERSHIP_MARK } from './plan-staff';
import { depthOf } from './plan-units';

const kindPlural: Record<OrgUnit['kind'], string> = {
  district: 'districts',
  subdistrict: 'subdistricts',
  community: 'communities',
  grid: 'grids',
  micro_grid: 'micro-grids',
};

/** The rows the table lacks or holds otherwise. */
const changed = <T extends { change: Change }>(rows: readonly T[]): T[] => rows.filter(({ change }) => change !== 'unchanged');

/** Writes each row, `limit` at a time, counted on the progress as `label`. */
async function writeEach<T>(run: ImportRun, label: string, rows: readonly T[], write: (row: T) => Promise<unknown>, limit = run.limit): Promise<void> {
  const task = run.progress.start(label, rows.length);
  await mapLimit(rows, limit, async (row) => {
    await write(row);
    task.tick();
  });
  task.done();
}

/** Writes what the plan found different, and repairs what an earlier import cut short left out. */
export async function writePlan(plan: Plan, run: ImportRun): Promise<void> {
  const { now, by } = run;
  const nowIso = now.toISOString();

  // Units top-down, a level at a time, so every parent exists before its children.
  for (const kind of Object.keys(depthOf) as OrgUnit['kind'][]) {
    const level = changed(plan.units).filter(({ unit }) => unit.kind === kind);
    await writeEach(run, `writing ${kindPlural[kind]}`, level, async ({ unit, existing, change }) => {
      if (change === 'created') {
        await createOrgUnit(unit, []);
        // What the request-routing consumer does on `unit-created`: after the unit, so no cell
        // ever names a grid that is not there; the rerun after a crash finds the cells missing.
        await indexGridBoundary(unit);
      } else {
        // Before the unit item changes: until it does, a rerun sees the change and the old boundary.
        if (unit.kind === 'grid') await reindexGridBoundary(unit, existing?.boundary);
        if (!(await updateOrgUnit(unit, []))) throw new Error(`unit ${unit.id} changed in the table while it was imported (moved or deleted); run the import again`);
      }
    });
  }
  await writeEach(run, "re-indexing grids' routing cells", plan.gridsToRepair, (grid) => indexGridBoundary(grid));

  // Staff: accounts, then what their roles make of them. Removals come before the account changes.
  const member = (unitId: string, userId: string, memberRole: Member['memberRole']): Member => ({
    unitId,
    userId,
    memberRole,
    joinedAt: nowIso,
    addedBy: IMPORT_MEMBERSHIP_MARK,
  });
  const staffWork = plan.staff.filter(
    (staff) => staff.change !== 'unchanged' || staff.missing.length > 0 || staff.missingAdminUnits.length > 0 || staff.stale.length > 0,
  );
  await writeEach(run, 'writing staff', staffWork, async (staff) => {
    let userId = staff.userId;
    if (userId) {
      for (const unitId of staff.stale) await removeMember(unitId, userId, now, []);
      if (staff.staleAdminUnits.length > 0) await unindexAdmin(userId, staff.staleAdminUnits);
    }
    if (staff.change !== 'unchanged') {
      const saved = await saveStaffAccount({ phone: staff.row.phone, displayName: staff.row.name, role: staff.row.role, units: staff.row.units }, now, by);
      userId = saved.userId;
      staff.userId = userId;
    }
    for (const { unitId, memberRole } of staff.missing) await saveMember(member(unitId, userId!, memberRole), []);
    // What the request-routing consumer does on `role-assigned` for an admin.
    if (staff.missingAdminUnits.length > 0) await indexAdmin(userId!, staff.missingAdminUnits, now);
  });

  // Stations, with their managers by the accounts just written.
  const userOfPhone = new Map(plan.accounts);
  plan.staff.forEach((staff) => staff.userId && userOfPhone.set(staff.row.phone, staff.userId));
  await writeEach(run, 'writing stations', changed(plan.stations), async ({ row, existing, communityId, ancestors }) => {
    const managers = row.managerPhones.map((phone) => {
      const userId = userOfPhone.get(phone);
      if (!userId) throw new Error(`station ${row.id}: no account for its manager ${maskedPhone(phone)}`);
      return userId;
    });
    const { status: _status, rules: _rules, createdAt: _createdAt, createdBy: _createdBy, version: _version, ...fields } = stationOfRow(row, {
      communityId,
      ancestors,
      managers,
    });
    // The hints first (never trusted alone): a crash before the station leaves it to the rerun.
    await recordStationManagers(row.id, managers, existing?.managers ?? []);
    if (!existing) {
      await createStation({ ...fields, status: 'active', rules: defaultStationRules, createdAt: nowIso, createdBy: by, updatedAt: nowIso, version: 1 }, []);
    } else {
      // Status and rules are the station's own (an admin may have suspended it); occupancy is left alone.
      const saved = await saveStation({ ...existing, ...fields, updatedAt: nowIso, version: existing.version + 1 }, existing.version, []);
      if (!same(existing.seats, fields.seats)) await syncFullFlag(saved);
    }
  });

  await writeEach(run, 'writing donors', changed(plan.donors), async ({ donor, change }) => {
    if (change === 'created') await createDonor(donor, []);
    else if (!(await updateDonor(donor, []))) throw new Error(`donor ${donor.id} was deleted while it was imported; run the import again`);
  });

  await writeEach(run, 'writing facilities', changed(plan.facilities), async ({ row, existing, donorName }) => {
    const status = row.status ?? existing?.status ?? 'in_service';
    const fields = {
      kind: row.kind,
      ...(row.model ? { model: row.model } : {}),
      donorId: row.donorId,
      donorName,
      stationId: row.stationId,
      donatedOn: row.donatedOn,
      declaredValueYuan: row.declaredValueYuan,
      condition: row.condition,
      status,
      updatedAt: nowIso,
    };
    if (!existing) {
      const donated: LogEntry = { at: nowIso, action: 'donated', by, status, stationId: row.stationId };
      await createFacility({ id: row.id, ...fields, photoUrls: [], log: [donated], createdAt: nowIso, version: 1 }, []);
    } else {
      const log = [...existing.log, ...logOfChange(existing, fields, nowIso, by)];
      const { model: _model, ...rest } = existing;
      const next: Facility = { ...rest, ...fields, log, version: existing.version + 1 };
      if (!(await saveFacility(next, existing.version, []))) throw new Error(`facility ${row.id} changed in the table while it was imported; run the import again`);
    }
  });

  // One at a time, in the catalogue's order: a catalogue is a few dozen rows.
  await writeEach(
    run,
    'writing categories',
    changed(plan.categories),
    async ({ category, change }) => {
      if (change === 'created') await createCategory(category, { ifAbsent: true });
      else await replaceCategory(category);
    },
    1,
  );
}

/** Lines of a facility's maintenance log for what the files changed: a move, a new status. */
function logOfChange(existing: Facility, next: Pick<Facility, 'stationId' | 'status'>, at: string, by: string): LogEntry[] {
  const entries: LogEntry[] = [];
  if (next.stationId !== existing.stationId) {
    entries.push({ at, action: 'moved', by, status: next.status, stationId: next.stationId, fromStationId: existing.stationId, note: 'city import' });
  }
  if (next.status !== existing.status) {
    const action = ({ in_service: 'restored', fault_reported: 'fault_reported', under_repair: 'repair_started', retired: 'retired' } as const)[next.status];
    entries.push({ at, action, by, status: next.status, stationId: next.stationId, note: 'city import' });
  }
  return entries;
}
