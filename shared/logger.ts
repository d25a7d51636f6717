/**
 * The one logger. Log lines carry batch IDs, counts, state names and error names — never a value from a
 * report (IPs, emails, phones, names, screen names): report metadata is the most sensitive data a police
 * force holds. Log `errorName(err)` rather than an error whose message may quote input.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'tipline-router' });

export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
