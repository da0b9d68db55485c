/**
 * One-off migration: puts the grid-worker memberships written before grids kept their list of
 * workers (byPlace `WORKERS#<unit>`, see `saveMember`) on that list, so `onDutyWorkerOf` finds them.
 * Idempotent; a membership changed meanwhile (removed, or no longer a grid worker) is left alone.
 *
 *   TABLE_NAME=… [DYNAMODB_ENDPOINT=http://127.0.0.1:…] npx tsx scripts/backfill-grid-workers.ts
 *
 * A Scan, run once by an operator: never on a request path.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { pathToFileURL } from 'node:url';
import { documents } from '../shared/aws/clients';
import { config } from '../shared/config';
import { writeIf } from '../shared/table/conditions';
import { keys, tableDesign } from '../shared/table/design';

export async function backfillGridWorkers(): Promise<{ listed: number }> {
  const { partitionKey: placeKey, sortKey: placeSort } = tableDesign.indexes.byPlace;
  let listed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents().send(
      new ScanCommand({
        TableName: config().tableName,
        FilterExpression: 'entity = :member AND memberRole = :worker AND attribute_not_exists(removedAt) AND attribute_not_exists(#place)',
        ExpressionAttributeNames: { '#place': placeKey },
        ExpressionAttributeValues: { ':member': 'member', ':worker': 'grid_worker' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const listedNow = await writeIf(
        documents().send(
          new UpdateCommand({
            TableName: config().tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET #place = :place, #sort = :sort',
            ConditionExpression: 'memberRole = :worker AND attribute_not_exists(removedAt)',
            ExpressionAttributeNames: { '#place': placeKey, '#sort': placeSort },
            ExpressionAttributeValues: {
              ':place': keys.gridWorkersOf(String(item.unitId)),
              ':sort': String(item.userId),
              ':worker': 'grid_worker',
            },
          }),
        ),
      );
      if (listedNow) listed += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { listed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { listed } = await backfillGridWorkers();
  console.log(`listed ${listed} grid worker(s) on their units' lists`);
}
