import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { saveWeComRobot } from '../../../shared/notifications/robots';
import { createOrgUnit, saveMember } from '../../../shared/organisation/repository';
import { writeIf } from '../../../shared/table/conditions';
import { saveUser } from '../../../shared/users/repository';
import { seedFacilities } from './facilities';
import { DEMO_WECOM_ROBOT_KEY, demoMembers, demoUnits, demoUsers, seededAt } from './organisation';
import { seedRequests } from './requests';
import { seedStations } from './stations';

/**
 * Seeds the demo data once: a marker item records that it ran, so a restart (or a second runtime
 * on the same data folder) leaves everything as it was. Demo data lives here, with the local
 * runtime, and nowhere in shared/: no feature module imports it.
 */
export async function seedDemoData(): Promise<boolean> {
  const first = await writeIf(
    documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { pk: 'SEED', sk: 'demo', seededAt: new Date().toISOString() },
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
  return true;
}
