// The warm-HTTP floor: the same reads as the route, straight through the SDK to the same engine,
// at the same concurrency, from a separate process (as autocannon is).
// Usage: node bench/sdk-reads.mjs <endpoint> <table> <pk> <sk> <concurrency> <seconds>
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const [endpoint, table, pk, sk, concurrency, seconds] = process.argv.slice(2);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const until = Date.now() + Number(seconds) * 1000;
let completed = 0;
let errors = 0;
async function worker() {
  while (Date.now() < until) {
    try {
      await client.send(new GetCommand({ TableName: table, Key: { pk, sk } }));
      completed += 1;
    } catch {
      errors += 1;
    }
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
process.stdout.write(JSON.stringify({ perSecond: completed / ((Date.now() - started) / 1000), errors }));
