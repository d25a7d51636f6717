/**
 * The case lifecycle on the local runtime (dynalite, the SES emulator), through the case API's own handler:
 * authorisation of every route, two writers racing on one case, counters equal to a recount after a random
 * sequence of updates (fast-check), creation that a re-run leaves unchanged, a creation a crash left half done
 * finished without overwriting a case changed since, and reminder timing on a fixed clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Context } from 'aws-lambda';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { apiEvent, claimsForRole } from '../../shared/cases/api-event.js';
import { parseRole } from '../../shared/cases/roles.js';
import { contribution, sumDeltas, districtFunnel, hqFunnel, HQ_SCOPE } from '../../shared/cases/funnel.js';
import { createRecords, initialRecord } from '../../shared/cases/create-cases.js';
import { runDigest } from '../../shared/cases/digest.js';
import { readCounters, getCase, putGroup, putNewCases } from '../../shared/aws/lifecycle-store.js';
import type { Case } from '../../shared/model/case.js';
import type { LifecycleCase } from '../../shared/cases/lifecycle.js';

let runtime: LocalRuntime;
let work: string;
let handler: (typeof import('../../functions/api/handler.js'))['handler'];
const context = {} as Context;

interface Answer { status: number; body: Record<string, any> }

async function call(method: 'GET' | 'POST', p: string, as?: string, body?: unknown, query?: Record<string, string>): Promise<Answer> {
  const role = as === undefined ? undefined : parseRole(as);
  const out = await handler(apiEvent({ method, path: p, body, query, claims: role ? claimsForRole(role) : undefined }), context);
  return { status: out.statusCode, body: JSON.parse(out.body) };
}

let seq = 0;
/** Opens fresh lifecycle records, as Assign and Finalize do. */
async function openCases(specs: { district: string | null; priority: 'P1' | 'P2' | 'P3'; review?: boolean; outOfState?: boolean }[], at = new Date().toISOString()): Promise<LifecycleCase[]> {
  const batchId = `b-${(++seq).toString(16).padStart(16, '0')}`;
  const records = specs.map((s, i) => initialRecord({
    caseId: `C-${seq.toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`, batchId, reportIds: [String(i)], district: s.district,
    priority: s.priority, disposition: s.review ? 'review' : s.outOfState ? 'not-actionable' : 'actionable',
    reasons: s.outOfState ? ['OUT_OF_JURISDICTION'] : [], ...(s.outOfState && { elsewhere: 'Gujarat' }), locationSource: null, rulesVersion: 't',
    linkedCaseIds: [], duplicateReportIds: [], latestIncidentAt: at,
  } as Case, at, { P1: 24, P2: 72 }));
  await createRecords(batchId, 'test', records);
  return records;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-lifecycle-'));
  runtime = await startLocalRuntime({ dataDir: work });
  ({ handler } = await import('../../functions/api/handler.js'));
}, 120_000);

afterAll(async () => {
  await runtime.stop();
  await rm(work, { recursive: true, force: true });
});

describe('authorisation of every route', () => {
  const ROLES = [undefined, 'hq', 'auditor', 'district:Indore', 'district:Bhopal'] as const;
  let id: string;
  let reviewId: string;
  beforeAll(async () => {
    id = (await openCases([{ district: 'Indore', priority: 'P2' }]))[0]!.caseId;
    reviewId = (await openCases([{ district: 'Gwalior', priority: 'P3', review: true }]))[0]!.caseId;
  });

  // Allowed requests that are valid but cannot go through (409) show that authorisation passed without changing the case.
  const MATRIX: [string, (as?: string) => Promise<Answer>, number[]][] = [
    ['GET /api/me', (as) => call('GET', '/api/me', as), [401, 200, 200, 200, 200]],
    ['GET /api/cases', (as) => call('GET', '/api/cases', as), [401, 200, 200, 200, 200]],
    ['GET /api/cases?district=Indore', (as) => call('GET', '/api/cases', as, undefined, { district: 'Indore' }), [401, 200, 200, 200, 403]],
    ['GET /api/cases/{id}', (as) => call('GET', `/api/cases/${id}`, as), [401, 200, 200, 200, 403]],
    ['POST /api/cases/{id}/status', (as) => call('POST', `/api/cases/${id}/status`, as, { status: 'investigating' }), [401, 409, 403, 409, 403]],
    ['POST /api/cases/{id}/transfer-request', (as) => call('POST', `/api/cases/${id}/transfer-request`, as, { transferTo: 'Indore' }), [401, 409, 403, 409, 403]],
    ['GET /api/review', (as) => call('GET', '/api/review', as), [401, 200, 200, 403, 403]],
    ['POST /api/review/{id}', (as) => call('POST', `/api/review/${id}`, as, { decision: 'promote' }), [401, 409, 403, 403, 403]],
    ['GET /api/districts', (as) => call('GET', '/api/districts', as), [401, 200, 200, 200, 200]],
    ['POST /api/digest', (as) => call('POST', '/api/digest', as, {}), [401, 200, 403, 403, 403]],
  ];

  it.each(MATRIX)('%s', async (_route, request, expected) => {
    const before = await getCase(id);
    const got: number[] = [];
    for (const as of ROLES) {
      const res = await request(as);
      got.push(res.status);
      if (res.status >= 400) expect(Object.keys(res.body).sort()).toEqual(['error', 'message']);
    }
    expect(got).toEqual(expected);
    expect((await getCase(id))!.version).toBe(before!.version);
  });

  it('a district sees only its own cases and its own funnel row; the review queue is not its', async () => {
    const list = await call('GET', '/api/cases', 'district:Indore');
    expect(list.body.cases.length).toBeGreaterThan(0);
    expect(new Set(list.body.cases.map((c: { district: string }) => c.district))).toEqual(new Set(['Indore']));
    expect(Object.keys((await call('GET', '/api/districts', 'district:Indore')).body.districts)).toEqual(['Indore']);
    expect((await call('GET', `/api/cases/${reviewId}`, 'district:Gwalior')).status).toBe(403);
  });

  it('answers 404 for an unknown case or route and 400 for bad input', async () => {
    expect((await call('GET', '/api/cases/C-ffffffffffffffff', 'hq')).status).toBe(404);
    expect((await call('GET', '/api/nothing', 'hq')).status).toBe(404);
    expect((await call('GET', '/api/cases/not-a-case', 'hq')).status).toBe(400);
    expect((await call('POST', `/api/cases/${id}/status`, 'hq', { status: 'closed', outcome: 'eaten' })).status).toBe(400);
  });
});

describe('two writers racing on one case', () => {
  it('with the same version: one is applied, the other refused as stale, and the history has one event', async () => {
    const [c] = await openCases([{ district: 'Indore', priority: 'P1' }]);
    const [a, b] = await Promise.all([
      call('POST', `/api/cases/${c!.caseId}/status`, 'district:Indore', { status: 'acknowledged', ifVersion: 1, note: 'first' }),
      call('POST', `/api/cases/${c!.caseId}/status`, 'hq', { status: 'closed', outcome: 'not-csam', ifVersion: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error).toBe('stale-version');
    const after = await call('GET', `/api/cases/${c!.caseId}`, 'hq');
    expect(after.body.version).toBe(2);
    expect(after.body.history).toHaveLength(2);
  });

  it('without a version: both are planned on what they find, so the second acknowledgement is refused, not lost', async () => {
    const [c] = await openCases([{ district: 'Bhopal', priority: 'P2' }]);
    const answers = await Promise.all([1, 2, 3].map(() => call('POST', `/api/cases/${c!.caseId}/status`, 'district:Bhopal', { status: 'acknowledged' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.error === 'transition-not-allowed')).toBe(true);
    expect((await getCase(c!.caseId))!.history.map((e) => e.to)).toEqual(['assigned', 'acknowledged']);
  });
});

/** Σ contribution over every case, read case by case (what the counters must equal). */
async function recount(ids: string[]): Promise<Record<string, Record<string, number>>> {
  const cases = await Promise.all(ids.map((i) => getCase(i)));
  return sumDeltas(cases.map((c) => contribution(c!)));
}

it('funnel counters equal a recount after a random sequence of updates (and re-running creation adds nothing)', async () => {
  const all: string[] = [];
  const base = await readCounters();
  const DISTRICTS = ['Dhar', 'Katni', 'Sidhi'];
  const action = fc.oneof(
    fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom('acknowledged', 'investigating', 'closed', 'assigned'), outcome: fc.constantFrom(undefined, 'arrested', 'not-csam', 'transferred'), to: fc.constantFrom('Dhar', 'Katni', 'Sidhi', 'Gujarat') }),
    fc.record({ kind: fc.constant('review' as const), decision: fc.constantFrom('promote', 'drop'), district: fc.constantFrom(undefined, 'Dhar', 'Katni') }),
  );
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({ district: fc.constantFrom(...DISTRICTS), priority: fc.constantFrom('P1', 'P2', 'P3') as fc.Arbitrary<'P1' | 'P2' | 'P3'>, review: fc.boolean(), outOfState: fc.boolean() }), { minLength: 2, maxLength: 5 }),
    fc.array(fc.tuple(fc.nat(), action, fc.constantFrom('hq', 'district:Dhar', 'district:Katni', 'auditor')), { minLength: 5, maxLength: 25 }),
    async (specs, steps) => {
      const cases = await openCases(specs);
      all.push(...cases.map((c) => c.caseId));
      for (const [n, a, as] of steps) {
        const id = cases[n % cases.length]!.caseId;
        if (a.kind === 'status') {
          const body = { status: a.status, ...(a.status === 'closed' && a.outcome && { outcome: a.outcome }), ...((a.status === 'assigned' || a.outcome === 'transferred') && { transferTo: a.to }) };
          await call('POST', `/api/cases/${id}/status`, as, body);
        } else {
          await call('POST', `/api/review/${id}`, as, a.decision === 'drop' ? { decision: 'drop', outcome: 'suspect-not-identified' } : { decision: 'promote', district: a.district });
        }
      }
      // Creation again, as a retried Assign or Finalize would: nothing new.
      const again = await createRecords(cases[0]!.batchId, 'test', cases);
      expect(again.created).toBe(0);
      const counted = await readCounters();
      const expected = await recount(all);
      for (const scope of [...DISTRICTS, HQ_SCOPE]) {
        const now = counted[scope] ?? {};
        const was = base[scope] ?? {};
        const diff = Object.fromEntries(Object.keys({ ...now, ...was }).map((k) => [k, (now[k] ?? 0) - (was[k] ?? 0)]));
        if (scope === HQ_SCOPE) expect(hqFunnel(diff)).toEqual(hqFunnel(expected[scope]));
        else expect(districtFunnel(diff)).toEqual(districtFunnel(expected[scope] ?? {}));
      }
    },
  ), { numRuns: 8 });
}, 120_000);

it('a creation group a crash left half done: the retry writes only the missing cases, keeps the one an officer changed, counts once', async () => {
  const base = (await readCounters()).Shivpuri ?? {};
  const at = new Date().toISOString();
  const batchId = `b-${(++seq).toString(16).padStart(16, '0')}`;
  const records = [0, 1, 2, 3, 4].map((i) => initialRecord({
    caseId: `C-${seq.toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`, batchId, reportIds: [String(i)], district: 'Shivpuri',
    priority: 'P2', disposition: 'actionable', reasons: [], locationSource: null, rulesVersion: 't', linkedCaseIds: [], duplicateReportIds: [], latestIncidentAt: at,
  } as Case, at, { P1: 24, P2: 72 }));
  // The crashed run: it put the group (its claim runs out in half a second), wrote 3 of the 5 cases, no counters.
  await putGroup({ key: `${batchId}#test#0`, cases: records, deltas: sumDeltas(records.map((c) => contribution(c))) }, { claimer: 'crashed-run', until: Date.now() + 500 });
  await putNewCases(records.slice(0, 3), async () => AbortSignal.timeout(5_000));
  // An officer acknowledges one of them meanwhile.
  expect((await call('POST', `/api/cases/${records[0]!.caseId}/status`, 'district:Shivpuri', { status: 'acknowledged' })).status).toBe(200);

  await expect(createRecords(batchId, 'test', records)).resolves.toEqual({ created: 2, groups: 1 });
  await expect(createRecords(batchId, 'test', records)).resolves.toEqual({ created: 0, groups: 1 });
  expect(await getCase(records[0]!.caseId)).toMatchObject({ status: 'acknowledged', version: 2 });
  for (const c of records.slice(1)) expect(await getCase(c.caseId)).toMatchObject({ status: 'assigned', version: 1 });
  const now = (await readCounters()).Shivpuri ?? {};
  const diff = Object.fromEntries(Object.keys({ ...now, ...base }).map((k) => [k, (now[k] ?? 0) - (base[k] ?? 0)]));
  expect(districtFunnel(diff)).toEqual(districtFunnel((await recount(records.map((c) => c.caseId))).Shivpuri!));
  expect(districtFunnel(diff)).toMatchObject({ total: 5, assigned: 4, acknowledged: 1 });
});

describe('reminders on a fixed clock', () => {
  const AT = Date.parse('2027-01-10T03:30:00.000Z'); // 09:00 IST
  const h = (hours: number) => new Date(AT + hours * 3_600_000);
  const mailFor = async (district: string) => {
    const { emails } = (await (await fetch(`${runtime.emulators.ses.endpoint}/store`)).json()) as { emails: { subject: string; body: { text?: string } }[] };
    return emails.filter((e) => e.subject.startsWith(`Cases for ${district}:`));
  };

  it('a P1 is reminded once a day from 24 h until acknowledged; a P2 not before 72 h; HQ gets the list', async () => {
    const [p1, p2] = await openCases([{ district: 'Umaria', priority: 'P1' }, { district: 'Umaria', priority: 'P2' }], new Date(AT).toISOString());
    await runDigest(h(23));
    expect(await mailFor('Umaria')).toHaveLength(0);
    expect((await getCase(p1!.caseId))!.overdue).toBe(false);

    await runDigest(h(25));
    let mail = await mailFor('Umaria');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body.text).toContain(p1!.caseId);
    expect(mail[0]!.body.text).not.toContain(p2!.caseId);
    expect((await getCase(p1!.caseId))!.overdue).toBe(true);
    expect((await call('GET', '/api/districts', 'hq')).body.districts.Umaria).toMatchObject({ total: 2, assigned: 2, overdue: 1 });

    await runDigest(h(26)); // same IST day: no second reminder
    expect(await mailFor('Umaria')).toHaveLength(1);

    await runDigest(h(49)); // next day: again
    mail = await mailFor('Umaria');
    expect(mail).toHaveLength(2);

    const ack = await call('POST', `/api/cases/${p1!.caseId}/status`, 'district:Umaria', { status: 'acknowledged' });
    expect(ack.body).toMatchObject({ status: 'acknowledged', overdue: false });
    expect((await call('GET', '/api/districts', 'hq')).body.districts.Umaria).toMatchObject({ assigned: 1, acknowledged: 1, overdue: 0 });
    await runDigest(h(73)); // P1 acknowledged; the P2 is now due
    mail = await mailFor('Umaria');
    expect(mail).toHaveLength(3);
    expect(mail[2]!.body.text).toContain(p2!.caseId);
    expect(mail[2]!.body.text).not.toContain(p1!.caseId);
  }, 60_000);
});
