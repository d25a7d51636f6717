/**
 * Drop every cached client: the local runtime calls this after it points the endpoints at its emulators.
 * Steps import the one client module they use (s3-client, dynamo-client, ses-client), never this one.
 */
import { resetS3Client } from './s3-client.js';
import { resetDynamoClient } from './dynamo-client.js';
import { resetSesClient } from './ses-client.js';

export function resetClients(): void {
  resetS3Client();
  resetDynamoClient();
  resetSesClient();
}
