/**
 * The case lifecycle from the command line (docs/design.md §7, §9): `tipline review`, `review decide`,
 * `case show|update|transfer`, `digest`, `districts`. Each builds the API event the case API's handler takes,
 * with the claims of `--as ROLE` (no token), and calls that same handler on the local runtime (a running
 * `tipline serve`'s, or the data dir's own); `digest` calls the digest function as the scheduler would. A refused request exits 1 and says why; nothing changes.
 */
import type { Context } from 'aws-lambda';
import { withLocalServices } from '../local-services.js';
import { print, printJson, progress } from '../output.js';
import { apiEvent, claimsForRole, type ApiRequest } from '../../shared/cases/api-event.js';
import { parseRole, roleName } from '../../shared/cases/roles.js';
import type { DigestResult } from '../../shared/cases/digest.js';

export interface LifecycleOptions {
  json: boolean;
  dataDir: string;
  as?: string;
  batch?: string;
  district?: string;
  promote?: boolean;
  drop?: string;
  note?: string;
  status?: string;
  outcome?: string;
  fir?: string;
  ifVersion?: string;
  transferTo?: string;
  now?: string;
}

class UsageError extends Error {}

const context = { functionName: 'tipline-cli', awsRequestId: 'cli' } as unknown as Context;

/** `--as`: required to change anything; reads default to the read-only auditor. */
function claims(opts: LifecycleOptions, write: boolean): ApiRequest['claims'] {
  if (opts.as === undefined) {
    if (write) throw new UsageError('--as ROLE is required to change a case (hq, auditor or district:<Name>)');
    return claimsForRole({ kind: 'auditor' });
  }
  const role = parseRole(opts.as);
  if (!role) throw new UsageError(`--as ${opts.as}: not a role (hq, auditor or district:<Name> with one of the 55 districts)`);
  return claimsForRole(role, roleName(role));
}

function version(opts: LifecycleOptions): number | undefined {
  if (opts.ifVersion === undefined) return undefined;
  const n = Number(opts.ifVersion);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--if-version ${opts.ifVersion}: a version is a whole number from 1`);
  return n;
}

type ApiHandler = (typeof import('../../functions/api/handler.js'))['handler'];
type DigestHandler = (typeof import('../../functions/digest/handler.js'))['handler'];

async function call(handler: ApiHandler, req: ApiRequest): Promise<{ status: number; body: Record<string, unknown> }> {
  const out = await handler(apiEvent(req), context);
  return { status: out.statusCode, body: JSON.parse(out.body) as Record<string, unknown> };
}

/** Prints the answer; a refusal goes to stderr as well, with exit code 1. */
function answer(opts: LifecycleOptions, res: { status: number; body: Record<string, unknown> }, human: (body: Record<string, unknown>) => string, pick?: (body: Record<string, unknown>) => unknown): number {
  if (res.status >= 400) {
    if (opts.json) printJson(res.body);
    progress(`refused (${res.status} ${String(res.body.error)}): ${String(res.body.message)}`);
    return 1;
  }
  if (opts.json) printJson(pick ? pick(res.body) : res.body);
  else print(human(res.body));
  return 0;
}

function caseLines(cases: Record<string, unknown>[]): string {
  const lines = cases.map((c) => `${String(c.caseId)}  ${String(c.priority)}  ${String(c.status).padEnd(13)}  ${String(c.district ?? c.placedIn ?? '—').padEnd(14)}  v${String(c.version)}${c.overdue ? '  OVERDUE' : ''}  batch ${String(c.batchId)}`);
  return [...lines, `${cases.length} case(s)`].join('\n');
}

function caseText(c: Record<string, unknown>): string {
  const history = (c.history as Record<string, unknown>[]).map((e) =>
    `  ${String(e.at)}  ${String(e.actor).padEnd(20)} ${String(e.from ?? '—')} → ${String(e.to)}${e.outcome ? ` (${String(e.outcome)})` : ''}${e.fir ? ` FIR ${String(e.fir)}` : ''}${e.transferTo ? ` to ${String(e.transferTo)}` : ''}${e.note ? `  note: ${JSON.stringify(e.note)}` : ''}`);
  return [
    `${String(c.caseId)}  ${String(c.priority)}  ${String(c.status)}${c.outcome ? ` (${String(c.outcome)})` : ''}  district ${String(c.district ?? '—')}${c.elsewhere ? ` (located in ${String(c.elsewhere)})` : ''}  version ${String(c.version)}${c.overdue ? '  OVERDUE' : ''}`,
    ...history,
  ].join('\n');
}

export async function lifecycleCommand(command: string, args: string[], opts: LifecycleOptions): Promise<number> {
  let plan: Plan;
  try {
    plan = planRequest(command, args, opts);
  } catch (err) {
    if (err instanceof UsageError) {
      progress(`tipline ${command}: ${err.message}`);
      return 2;
    }
    throw err;
  }
  // A running `tipline serve`'s services when there is one, else the data dir's own (its handler loaded while they start).
  if (plan.kind === 'digest') {
    return withLocalServices(opts.dataDir, async (_source, handler: DigestHandler) => {
      // Without `sweepOnly` the function runs the whole digest.
      const result = (await handler(opts.now ? { now: opts.now } : {}, context)) as DigestResult;
      // Its mail is in <data dir>/mail already: the SES emulator writes each message as it accepts it.
      if (opts.json) printJson({ sent: result.sent, promoted: result.promoted, reminders: result.reminders, overdue: result.overdue });
      else print(`digest: ${result.sent} email(s) sent, ${result.promoted} promoted case(s) announced, ${result.reminders} reminder(s), ${result.overdue} case(s) newly overdue`);
      return 0;
    }, async () => (await import('../../functions/digest/handler.js')).handler);
  }
  const api = plan;
  return withLocalServices(opts.dataDir, async (_source, handler: ApiHandler) => answer(opts, await call(handler, api.request), api.human, api.pick),
    async () => (await import('../../functions/api/handler.js')).handler);
}

type Plan =
  | { kind: 'digest' }
  | { kind: 'api'; request: ApiRequest; human: (b: Record<string, unknown>) => string; pick?: (b: Record<string, unknown>) => unknown };

function planRequest(command: string, args: string[], opts: LifecycleOptions): Plan {
  const [sub, caseId, ...extra] = args;
  if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const need = (id: string | undefined, usage: string): string => {
    if (!id) throw new UsageError(`usage: ${usage}`);
    return id;
  };
  const showCase = (b: Record<string, unknown>) => caseText(b);
  switch (command) {
    case 'review': {
      if (sub === undefined) {
        return { kind: 'api', request: { method: 'GET', path: '/api/review', query: { batch: opts.batch }, claims: claims(opts, false) }, human: (b) => caseLines(b.cases as Record<string, unknown>[]), pick: (b) => b.cases };
      }
      if (sub !== 'decide') throw new UsageError('usage: tipline review [--batch ID] | tipline review decide CASE (--promote [--district NAME] | --drop OUTCOME) --as hq [--note TEXT]');
      const id = need(caseId, 'tipline review decide CASE (--promote [--district NAME] | --drop OUTCOME) --as hq');
      if (!!opts.promote === (opts.drop !== undefined)) throw new UsageError('give exactly one of --promote and --drop OUTCOME');
      const body = opts.promote
        ? { decision: 'promote', district: opts.district, note: opts.note, ifVersion: version(opts) }
        : { decision: 'drop', outcome: opts.drop, note: opts.note, ifVersion: version(opts) };
      return { kind: 'api', request: { method: 'POST', path: `/api/review/${encodeURIComponent(id)}`, body, claims: claims(opts, true) }, human: showCase };
    }
    case 'case': {
      const id = need(caseId, 'tipline case show|update|transfer CASE ...');
      const path = `/api/cases/${encodeURIComponent(id)}`;
      if (sub === 'show') return { kind: 'api', request: { method: 'GET', path, claims: claims(opts, false) }, human: showCase };
      if (sub === 'update') {
        if (!opts.status) throw new UsageError('usage: tipline case update CASE --status acknowledged|investigating|closed [--outcome O] [--fir NUMBER] [--note TEXT] [--if-version N] --as ROLE');
        const body = { status: opts.status, outcome: opts.outcome, fir: opts.fir, note: opts.note, ifVersion: version(opts), transferTo: opts.transferTo };
        return { kind: 'api', request: { method: 'POST', path: `${path}/status`, body, claims: claims(opts, true) }, human: showCase };
      }
      if (sub === 'transfer') {
        if (!opts.transferTo) throw new UsageError('usage: tipline case transfer CASE --transfer-to DISTRICT|STATE [--note TEXT] --as district:<Name>');
        return { kind: 'api', request: { method: 'POST', path: `${path}/transfer-request`, body: { transferTo: opts.transferTo, note: opts.note, ifVersion: version(opts) }, claims: claims(opts, true) }, human: showCase };
      }
      throw new UsageError('usage: tipline case show|update|transfer CASE ...');
    }
    case 'districts':
      if (sub !== undefined) throw new UsageError('usage: tipline districts [--as ROLE]');
      return {
        kind: 'api',
        request: { method: 'GET', path: '/api/districts', claims: claims(opts, false) },
        pick: (b) => b.districts,
        human: (b) => {
          const rows = Object.entries(b.districts as Record<string, Record<string, unknown>>).map(([d, f]) =>
            `${d.padEnd(14)} total ${String(f.total).padStart(5)}  assigned ${String(f.assigned).padStart(5)}  acknowledged ${String(f.acknowledged).padStart(5)}  investigating ${String(f.investigating).padStart(5)}  closed ${String(f.closed).padStart(5)}  overdue ${String(f.overdue).padStart(4)}  ${Object.entries(f.outcomes as Record<string, number>).map(([o, n]) => `${o} ${n}`).join(', ')}`);
          const hq = b.hq as Record<string, number> | undefined;
          return [...rows, ...(hq ? [`HQ review queue ${hq.reviewQueue}, promoted ${hq.promoted}, dropped ${hq.dropped}; out of state, to forward ${hq.outOfState}`] : [])].join('\n');
        },
      };
    case 'digest':
      if (sub !== undefined) throw new UsageError('usage: tipline digest [--now ISO]');
      if (opts.now !== undefined && Number.isNaN(Date.parse(opts.now))) throw new UsageError(`--now ${opts.now}: not an ISO date and time`);
      return { kind: 'digest' };
  }
  throw new UsageError(`unknown command ${command}`);
}
