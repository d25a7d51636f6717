/**
 * Named errors the handlers throw. The state machine's Retry and Catch match on `name`
 * (Step Functions reads the Lambda error type), with States.ALL last. Never swallow one into a status.
 */

/** The file cannot be read at all: unknown format, broken gzip, a DTD, too large. Not retried. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

/** The input of a step does not match its contract: a bug or a hand-started execution. Not retried. */
export class InvalidStepInputError extends Error {
  override readonly name = 'InvalidStepInputError';
}

/** A fault that a retry can cure: throttling, a 5xx, a timeout. Retried with backoff. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** Configuration is missing or malformed. Fails fast at cold start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Another batch holds the linking lease (docs/design.md §2 "Overlapping batches"): AcquireLinkingLease's own Retry waits it out,
 * with a bounded backoff; only when that is exhausted does the run fail (caught into MarkFailed).
 */
export class LinkingBusyError extends Error {
  override readonly name = 'LinkingBusy';
}

/**
 * This batch no longer holds the linking lease it acquired (it expired and another batch took it): the index
 * lookups it made are stale, so the step stops rather than classify or write with them. Not retried.
 */
export class LinkingLeaseLostError extends Error {
  override readonly name = 'LinkingLeaseLost';
}

/** Error names the state machine retries with backoff and jitter. */
export const RETRYABLE_ERRORS = [
  'TransientError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  // The invoke timed out on the client side (Step Functions → Lambda); the function may be retried.
  'Lambda.ClientExecutionTimeoutException',
  // AWS SDK errors that surface unchanged from a handler
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'TooManyRequestsException',
  'TimeoutError',
] as const;

/**
 * Error names whose Retry is the workflow waiting for another execution (not a fault to get past quickly):
 * the local runtime keeps the definition's intervals for these instead of shortening them.
 */
export const WAITING_ERRORS = ['LinkingBusy'] as const;

/** Error names that end the run at once (caught into MarkFailed without retry). */
export const FATAL_ERRORS = ['UnreadableFileError', 'InvalidStepInputError', 'ConfigError', 'LinkingLeaseLost'] as const;
