/**
 * Template metadata key naming a Lambda function's handler module (e.g. functions/validate/handler.ts).
 * The local runtime resolves each Task state to its handler by it. Kept free of aws-cdk-lib imports so the
 * runtime can read it without loading the CDK.
 */
export const HANDLER_METADATA_KEY = 'tipline:handler';
