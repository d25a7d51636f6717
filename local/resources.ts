/**
 * Creates the stack's buckets and tables on the emulators from the synthesized template — the same key
 * schemas and indexes the stack deploys — and derives the functions' environment from it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { CfnResolver } from './cfn.js';

export interface LocalNames {
  buckets: Record<string, string>; // logical id → local bucket name
  tables: Record<string, string>;
}

/**
 * Creates what is missing. Buckets the emulator already holds (`existingBuckets`) are left alone, and the S3
 * client (`s3`, loaded on demand) is asked for only when one is missing: a warm data dir's commands that never
 * use S3 do not load it. Tables are always asked for (CreateTable; one that exists is left as it is).
 */
export async function provisionResources(
  resolver: CfnResolver,
  ddb: DynamoDBClient,
  s3: () => Promise<S3Client>,
  existingBuckets: ReadonlySet<string> = new Set(),
): Promise<LocalNames> {
  const names: LocalNames = { buckets: {}, tables: {} };
  const created: Promise<unknown>[] = [];
  for (const [id] of resolver.resourcesOfType('AWS::S3::Bucket')) names.buckets[id] = resolver.physicalName(id);
  const missing = Object.values(names.buckets).filter((b) => !existingBuckets.has(b));
  if (missing.length) {
    created.push((async () => {
      const client = await s3();
      const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
      await Promise.all(missing.map((name) =>
        client.send(new CreateBucketCommand({ Bucket: name })).catch((err: Error) => {
          if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(err.name)) throw err;
        })));
    })());
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
