/** The SES v2 client, one per process (see s3-client.ts for how endpoints are chosen). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { registerClientReset } from './clients.js';

let client: SESv2Client | undefined;

export function sesClient(): SESv2Client {
  client ??= new SESv2Client({ maxAttempts: 5 });
  return client;
}

export function resetSesClient(): void {
  client?.destroy();
  client = undefined;
}

registerClientReset(resetSesClient);
