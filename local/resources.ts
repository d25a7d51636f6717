/**
 * Creates the stack's buckets and tables on the emulators from the synthesized template — the same key
 * schemas and indexes the stack deploys — and derives the functions' environment from it.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { CfnResolver } from './cfn.js';

export interface LocalNames {
  buckets: Record<string, string>; // logical id → local bucket name
  tables: Record<string, string>;
}

export async function provisionResources(resolver: CfnResolver, s3: S3Client, ddb: DynamoDBClient): Promise<LocalNames> {
  const names: LocalNames = { buckets: {}, tables: {} };
  const created: Promise<unknown>[] = [];
  for (const [id] of resolver.resourcesOfType('AWS::S3::Bucket')) {
    const name = resolver.physicalName(id);
    names.buckets[id] = name;
    created.push(
      s3.send(new CreateBucketCommand({ Bucket: name })).catch((err: Error) => {
        if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(err.name)) throw err;
      }),
    );
  }
  for (const [id, table] of resolver.resourcesOfType('AWS::DynamoDB::Table')) {
    const p = table.Properties as Record<string, unknown>;
    const name = resolver.physicalName(id);
    names.tables[id] = name;
    const input: CreateTableCommandInput = {
      TableName: name,
      KeySchema: p.KeySchema as CreateTableCommandInput['KeySchema'],
      AttributeDefinitions: p.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
    };
    created.push(
      ddb.send(new CreateTableCommand(input)).catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      }),
    );
  }
  // All at once: each is a round trip to the emulators, and at start the first ones also set up the clients.
  await Promise.all(created);
  return names;
}

/** The union of every function's environment variables, intrinsics resolved to local names. */
export function functionEnvironment(resolver: CfnResolver): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, fn] of resolver.resourcesOfType('AWS::Lambda::Function')) {
    const vars = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    for (const [k, v] of Object.entries(resolver.resolve(vars) as Record<string, unknown>)) env[k] = String(v);
  }
  delete env.NODE_OPTIONS;
  return env;
}
