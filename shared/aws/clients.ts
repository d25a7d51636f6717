/**
 * One client per AWS service per process, created at module scope on first use. Endpoints come from the
 * SDK's standard configuration (AWS_ENDPOINT_URL_<SERVICE>, AWS_REGION), so the local runtime points the
 * same code at its emulators without any "if local" branch.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../config.js';

let s3: S3Client | undefined;
let ddb: DynamoDBDocumentClient | undefined;
let ses: SESv2Client | undefined;

export function s3Client(): S3Client {
  s3 ??= new S3Client({ forcePathStyle: config().S3_FORCE_PATH_STYLE, maxAttempts: 5 });
  return s3;
}

export function dynamoClient(): DynamoDBDocumentClient {
  ddb ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 8 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return ddb;
}

export function sesClient(): SESv2Client {
  ses ??= new SESv2Client({ maxAttempts: 5 });
  return ses;
}

/** Drop cached clients (the local runtime calls this after it changes endpoints). */
export function resetClients(): void {
  s3?.destroy();
  ddb?.destroy();
  ses?.destroy();
  s3 = ddb = ses = undefined;
}
