/**
 * The cold-start floor: the least a function that touches the table can do — build a DynamoDB
 * DocumentClient and issue one GetItem. Bundled with the same settings as every function.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
);

export const handler = async (): Promise<unknown> =>
  client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'UNIT#lushan', sk: 'UNIT' } }));
