import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { saveWeComRobot } from '../../../shared/notifications/robots';
import { createOrgUnit, saveMember } from '../../../shared/organisation/repository';
import { writeIf } from '../../../shared/table/conditions';
import { saveUser } from '../../../shared/users/repository';
import { seedFacilities } from './facilities';
import { DEMO_WECOM_ROBOT_KEY, demoMembers, demoUnits, demoUsers, seededAt } from './organisation';
import { seedRequests } from './requests';
import { seedShifts } from './shifts';
import { seedStations } from './stations';

/**
 * What a data folder was filled with, each recorded by a marker item: the demo data (seeded once on
 * first start), or a city imported with `npm run city -- import`, on which the demo data is never
 * seeded (its Lushan grids would overlap the city's, and its users are not the city's).
 */
export const dataMarkers = {
  demo: { pk: 'SEED', sk: 'demo' },
  city: { pk: 'SEED', sk: 'city' },
} as const;

/** Whether the marker is in the table (strongly consistent). */
export async function hasDataMarker(marker: keyof typeof dataMarkers): Promise<boolean> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: dataMarkers[marker], ConsistentRead: true }));
  return output.Item !== undefined;
}

/** Records that a city was imported into this table (before its first item is written); idempotent. */
export async function markCityImported(importedAt: Date, by: string): Promise<void> {
  await writeIf(
    documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...dataMarkers.city, importedAt: importedAt.toISOString(), importedBy: by },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/**
 * Seeds the demo data once: a marker item records that it ran, so a restart (or a second runtime
 * on the same data folder) leaves everything as it was. A folder a city was imported into is left
 * alone. Demo data lives here, with the local runtime, and nowhere in shared/: no feature module imports it.
 */
export async function seedDemoData(): Promise<boolean> {
  if (await hasDataMarker('city')) return false;
  const now = new Date();
  const first = await writeIf(
    documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...dataMarkers.demo, seededAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (!first) return false;
  // Demo data is written directly, without events: nothing has happened yet that anyone should hear.
  for (const orgUnit of demoUnits) await createOrgUnit(orgUnit, []);
  for (const user of demoUsers) await saveUser(user);
  for (const member of demoMembers) await saveMember(member, []);
  await seedStations();
  await seedFacilities();
  // A WeCom group robot for the demo grid: pushes are attempted (offline they fail, retry, then dead-letter).
  await saveWeComRobot('lushan-g1', DEMO_WECOM_ROBOT_KEY, 'seed', new Date(seededAt));
  await seedRequests(demoUnits, demoUsers);
  // The next days' shifts of the demo micro-grid, with every seat open for the demo volunteer.
  await seedShifts(now);
  return true;
}
