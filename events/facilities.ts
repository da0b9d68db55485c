import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { facilityConditionSchema, facilityKindSchema, facilityStatusSchema } from '../shared/facilities/terms';

const source = 'grid.facilities';

export const donorRegistered = defineEvent({
  source,
  detailType: 'donor.registered',
  version: 1,
  description: 'An organisation or person that gives facilities to the stations was registered.',
  data: z.object({ donorId: z.string(), name: z.string(), kind: z.string(), registeredBy: z.string() }),
});

const facilityData = {
  facilityId: z.string(),
  kind: facilityKindSchema,
  donorId: z.string(),
  stationId: z.string(),
  status: facilityStatusSchema,
  by: z.string(),
  note: z.optional(z.string()),
};

export const facilityDonated = defineEvent({
  source,
  detailType: 'facility.donated',
  version: 1,
  description: 'A donated facility was registered at a station, in service.',
  data: z.object({ ...facilityData, declaredValueYuan: z.number(), condition: facilityConditionSchema }),
});

export const facilityFaultReported = defineEvent({
  source,
  detailType: 'facility.fault-reported',
  version: 1,
  description: "Someone at the station reported a facility broken; the station's managers and the grid's worker are told.",
  data: z.object({
    ...facilityData,
    stationName: z.string(),
    gridId: z.string(),
    /** The station's managers when the fault was reported. */
    managers: z.array(z.string()),
  }),
});

export const facilityRepairStarted = defineEvent({
  source,
  detailType: 'facility.repair-started',
  version: 1,
  description: 'A faulty facility went under repair.',
  data: z.object(facilityData),
});

export const facilityRestored = defineEvent({
  source,
  detailType: 'facility.restored',
  version: 1,
  description: 'A facility is back in service after a fault.',
  data: z.object({ ...facilityData, condition: facilityConditionSchema, costYuan: z.optional(z.number()) }),
});

export const facilityRetired = defineEvent({
  source,
  detailType: 'facility.retired',
  version: 1,
  description: 'A facility was taken out of service for good.',
  data: z.object(facilityData),
});

export const facilityMoved = defineEvent({
  source,
  detailType: 'facility.moved',
  version: 1,
  description: 'A facility was moved to another station.',
  data: z.object({ ...facilityData, fromStationId: z.string() }),
});

export const facilityEvents = [
  donorRegistered,
  facilityDonated,
  facilityFaultReported,
  facilityRepairStarted,
  facilityRestored,
  facilityRetired,
  facilityMoved,
] as const;
