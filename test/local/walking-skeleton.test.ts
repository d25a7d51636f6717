/**
 * End to end on the emulators, through the real CLI: the example batch runs through the synthesized state
 * machine; the summary has docs/design.md §7's shape; every report lands in exactly one case; the definition the
 * local run executed is the one the CDK app synthesizes; and running the same file again does nothing twice.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { tipline, jsonLines, PROJECT_ROOT } from '../support/cli.js';
import { runSummarySchema, type RunSummary } from '../../shared/model/workflow.js';
import type { CaseSummary } from '../../shared/model/case.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CfnResolver, type CfnTemplate } from '../../local/cfn.js';
import { localDefinition } from '../../local/local-definition.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'test/fixtures/example-batch.json');
const EXPECTED_IDS = ['900000100', '900000101', '900000102', '900000103', '900000104', '900000105', '900000106'];

let dataDir: string;
let summary: RunSummary;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tipline-e2e-'));
  const result = await tipline(['run', EXAMPLE, '--json', '--data-dir', dataDir]);
  expect(result.stderr).not.toMatch(/tipline: /);
  expect(result.code).toBe(0);
  const lines = jsonLines<RunSummary>(result.stdout);
  expect(lines).toHaveLength(1);
  summary = lines[0]!;
}, 240_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test('the run succeeds with the summary shape of docs/design.md §7', () => {
  // The §7 summary, plus whether the file had already been processed (and by which run).
  const { alreadyProcessed, ...rest } = summary as RunSummary & { alreadyProcessed?: boolean };
  expect(alreadyProcessed).toBe(false);
  expect(runSummarySchema.parse(rest)).toEqual(rest);
  expect(summary.status).toBe('SUCCEEDED');
  expect(summary.file).toMatchObject({ key: 'incoming/example-batch.json', format: 'json' });
  expect(summary.file.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(summary.counts.received).toBe(7);
  expect(summary.counts.received).toBe(summary.counts.valid + summary.counts.rejected);
  expect(summary.districts).toEqual({
    Bhopal: { cases: 1, P1: 1, P2: 0, P3: 0 },
    Indore: { cases: 2, P1: 0, P2: 2, P3: 0 },
    Jabalpur: { cases: 1, P1: 1, P2: 0, P3: 0 },
  });
  // three district digests and the HQ summary
  expect(summary.emails).toBe(4);
});

test('every report ID appears in exactly one case', async () => {
  const result = await tipline(['cases', '--batch', summary.batchId, '--json', '--data-dir', dataDir]);
  expect(result.code).toBe(0);
  const [cases] = jsonLines<CaseSummary[]>(result.stdout);
  const ids = cases!.flatMap((c) => c.reportIds).sort();
  expect(ids).toEqual(EXPECTED_IDS);
  expect(cases!.length).toBe(summary.counts.cases);
  for (const c of cases!) {
    expect(c.batchId).toBe(summary.batchId);
    expect(['P1', 'P2', 'P3']).toContain(c.priority);
    expect(['actionable', 'review', 'not-actionable', 'duplicate']).toContain(c.disposition);
  }
  const indore = await tipline(['cases', '--batch', summary.batchId, '--district', 'Indore', '--json', '--data-dir', dataDir]);
  const [indoreCases] = jsonLines<CaseSummary[]>(indore.stdout);
  expect(indoreCases!.map((c) => c.reportIds).flat().sort()).toEqual(['900000100', '900000106']);
}, 120_000);

test('the local run executed the definition `npx cdk synth` writes', async () => {
  const [executionFile] = (await readdir(path.join(dataDir, 'executions'))).filter((f) => f.endsWith('.json'));
  const execution = JSON.parse(await readFile(path.join(dataDir, 'executions', executionFile!), 'utf-8')) as { definitionSha256: string; events: { type: string }[] };
  // the real CLI, with its esbuild bundling, into a scratch output directory; the local stack is a demo one
  const outdir = path.join(dataDir, 'cdk.out');
  await promisify(execFile)(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '-c', 'tipline:demo=true', '--output', outdir], {
    cwd: PROJECT_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const written = JSON.parse(await readFile(path.join(outdir, 'TiplineRouter.template.json'), 'utf-8')) as CfnTemplate;
  const synthesized = localDefinition(new CfnResolver(written));
  expect(execution.definitionSha256).toBe(createHash('sha256').update(synthesized.definitionString).digest('hex'));
  // and it went through every step of the workflow
  const entered = execution.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e as unknown as { stateEnteredEventDetails: { name: string } }).stateEnteredEventDetails.name);
  for (const state of ['RegisterBatch', 'Validate', 'Enrich', 'Classify', 'Assign', 'Notify', 'Finalize']) expect(entered).toContain(state);
  expect(entered).not.toContain('MarkFailed');
}, 180_000);

test('running the same file again adds nothing and sends nothing', async () => {
  const mailBefore = (await readdir(path.join(dataDir, 'mail'))).filter((f) => f.endsWith('.json')).length;
  const result = await tipline(['run', EXAMPLE, '--json', '--data-dir', dataDir]);
  expect(result.code).toBe(0);
  const [again] = jsonLines<RunSummary & { alreadyProcessed: boolean; processedBy?: string }>(result.stdout);
  expect(again!.batchId).toBe(summary.batchId);
  // It says so, and names the run that holds the file.
  expect(again!.alreadyProcessed).toBe(true);
  expect(again!.processedBy).toBe(summary.execution);
  expect(again!.status).toBe('SUCCEEDED');
  expect(again!.emails).toBe(0);
  const mailAfter = (await readdir(path.join(dataDir, 'mail'))).filter((f) => f.endsWith('.json')).length;
  expect(mailAfter).toBe(mailBefore);
  expect(mailBefore).toBe(4);
}, 120_000);
