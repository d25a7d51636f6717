/**
 * What startLocalServices needs besides the emulators and the template: the DynamoDB client for provisioning
 * and the handlers' shared configuration (the S3 client only when a bucket is missing: local-services.ts). local-services.ts imports this one module dynamically, after it has set
 * the emulator worker going, so the two load on different cores. (One module, one import: Jest's ESM loader
 * fails on concurrent imports that share a dependency.)
 */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { provisionResources, functionEnvironment } from './resources.js';
export { resetConfig } from '../shared/config.js';
export { resetClients } from '../shared/aws/clients.js';
export { resetRecipientCache } from '../shared/aws/recipient-store.js';
