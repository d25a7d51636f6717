/**
 * What startLocalRuntime needs besides the emulators and the template: the SDK clients, the executor
 * (aws-local-stepfunctions) and the handlers' shared configuration — most of the start's module loading.
 * runtime.ts imports this one module dynamically, after it has set the emulator worker going, so the two
 * load on different cores. (One module, one import: Jest's ESM loader fails on concurrent imports that
 * share a dependency.)
 */
export { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { provisionResources, functionEnvironment } from './resources.js';
export { executeLocally } from './executor.js';
export { stateMachineFor } from './state-machine.js';
export { resetConfig } from '../shared/config.js';
export { resetClients } from '../shared/aws/clients.js';
export { resetRecipientCache } from '../shared/aws/recipient-store.js';
