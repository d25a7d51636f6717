/**
 * A request the lifecycle refuses, with the HTTP status the API answers and the reason the CLI prints.
 * Every refusal changes nothing.
 */
export type RefusalCode = 'unauthenticated' | 'forbidden' | 'not-found' | 'stale-version' | 'transition-not-allowed' | 'bad-request';

const STATUS_OF: Record<RefusalCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'stale-version': 409,
  'transition-not-allowed': 409,
  'bad-request': 400,
};

export class Refusal extends Error {
  override readonly name = 'Refusal';
  readonly status: number;
  constructor(readonly code: RefusalCode, message: string) {
    super(message);
    this.status = STATUS_OF[code];
  }
}
