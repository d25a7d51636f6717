/**
 * What startLocalRuntime adds to the local services: its S3 client, the executor (aws-local-stepfunctions) and
 * the state machine — most of the workflow's module loading. runtime.ts imports this one module dynamically
 * while the emulator worker starts, after local-services.ts has loaded its own (one import at a time: Jest's
 * ESM loader fails on concurrent imports that share a dependency).
 */
export { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
export { executeLocally } from './executor.js';
export { stateMachineFor } from './state-machine.js';
