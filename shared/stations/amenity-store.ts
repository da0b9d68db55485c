import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { writeIf } from '../table/conditions';
import { stationKeys as keys } from '../table/design';
import { buildUpdate } from '../table/update';
import { type AmenityProviders, PROVIDERS_ATTRIBUTE, providersOf, providersText, withReports } from './amenities';

/**
 * Writes the record of the facilities behind a station's amenities (amenities.ts) on the station
 * item: the one writer of that attribute. Its own module, apart from the repository, so that the
 * consumer keeping it carries neither the geohash package nor the search summaries: the record
 * changes no search summary, which keeps declared amenities (a station's own item decides, and a
 * summary may hold more than is true).
 */

const table = () => config().tableName;

/** Tries before giving up to the bus's retry: each lost try means another report was taken in meanwhile. */
const ATTEMPTS = 5;

/**
 * Takes reports of facilities into a station's record, each only if newer than what it holds for
 * that facility (`withReports`). Optimistic: the record is read strongly consistent, merged, and
 * written only if it is still what was read; a report written in between (another facility of the
 * station, at the same moment) means reading again. A station that does not exist keeps nothing.
 * Throws when it keeps losing, so that the consumer's event is delivered again.
 */
export async function recordAmenityProviders(stationId: string, reports: AmenityProviders): Promise<void> {
  const key = keys.station(stationId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const output = await documents().send(
      new GetCommand({
        TableName: table(),
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: '#pk, #record',
        ExpressionAttributeNames: { '#pk': 'pk', '#record': PROVIDERS_ATTRIBUTE },
      }),
    );
    if (!output.Item) return;
    const seen = output.Item[PROVIDERS_ATTRIBUTE] as string | undefined;
    const next = withReports(providersOf(seen), reports);
    if (!next) return;
    const written = await writeIf(
      documents().send(
        new UpdateCommand(
          buildUpdate(table(), {
            key,
            set: { [PROVIDERS_ATTRIBUTE]: providersText(next) },
            condition: seen === undefined ? 'attribute_exists(pk) AND attribute_not_exists(#seen)' : '#seen = :seen',
            names: { '#seen': PROVIDERS_ATTRIBUTE },
            ...(seen === undefined ? {} : { values: { ':seen': seen } }),
          }),
        ),
      ),
    );
    if (written) return;
  }
  throw new Error(`the amenity record of station ${stationId} kept changing under ${ATTEMPTS} tries`);
}
