/**
 * The S3 client, one per process, created on first use. Endpoints come from the SDK's standard
 * configuration (AWS_ENDPOINT_URL_S3, AWS_REGION), so the local runtime points the same code at its
 * emulator without any "if local" branch. One module per service keeps each Lambda's bundle to the
 * clients it uses.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config.js';
import { registerClientReset } from './clients.js';

let client: S3Client | undefined;

export function s3Client(): S3Client {
  client ??= new S3Client({ forcePathStyle: config().S3_FORCE_PATH_STYLE, maxAttempts: 5 });
  return client;
}

export function resetS3Client(): void {
  client?.destroy();
  client = undefined;
}

registerClientReset(resetS3Client);
