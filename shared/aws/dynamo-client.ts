/** The DynamoDB document client, one per process (see s3-client.ts for how endpoints are chosen). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { registerClientReset } from './clients.js';

let client: DynamoDBDocumentClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 8 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}

export function resetDynamoClient(): void {
  client?.destroy();
  client = undefined;
}

registerClientReset(resetDynamoClient);
