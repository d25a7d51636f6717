/**
 * Classify writes the district files in rounds, each holding at most CLASSIFY_TEXT_BUDGET characters of
 * report text (so a batch of any size fits in memory). Whatever the number of rounds, the files must be
 * the same: a run with a budget so small that it takes many rounds gives byte-identical district files to a
 * run that takes one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalRuntime } from '../../local/runtime.js';
import { generateFile } from '../../cli/commands/generate.js';
import { keys } from '../../shared/storage/keys.js';
import type { RunSummary } from '../../shared/model/workflow.js';

const SMALL_BUDGET = 20_000;
let work: string;
let batchFile: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tipline-rounds-'));
  batchFile = path.join(work, 'batch.jsonl');
  await generateFile({ reports: 400, seed: 7, format: 'jsonl', out: batchFile });
});

afterAll(async () => {
  delete process.env.CLASSIFY_TEXT_BUDGET;
  await rm(work, { recursive: true, force: true });
});

/** Runs the batch in a fresh data dir and returns each district file's text, by district. */
async function districtFiles(budget: number | undefined): Promise<Map<string, string>> {
  if (budget === undefined) delete process.env.CLASSIFY_TEXT_BUDGET;
  else process.env.CLASSIFY_TEXT_BUDGET = String(budget);
  const runtime = await startLocalRuntime({ dataDir: await mkdtemp(path.join(work, 'data-')) });
  try {
    const record = await runtime.runFile(batchFile);
    expect(record.status).toBe('SUCCEEDED');
    const summary = JSON.parse(record.output!) as RunSummary;
    const files = new Map<string, string>();
    for (const district of Object.keys(summary.districts)) {
      const out = await runtime.s3.send(new GetObjectCommand({ Bucket: runtime.workBucket, Key: keys.districtCases(summary.batchId, district) }));
      files.set(district, await out.Body!.transformToString());
    }
    return files;
  } finally {
    await runtime.stop();
  }
}

test('district files are the same whether written in one round or many', async () => {
  const oneRound = await districtFiles(undefined);
  const manyRounds = await districtFiles(SMALL_BUDGET);

  expect(oneRound.size).toBeGreaterThan(3);
  // The largest file alone exceeds the small budget, so that run needed several rounds for it.
  expect(Math.max(...[...oneRound.values()].map((text) => text.length))).toBeGreaterThan(2 * SMALL_BUDGET);
  expect(manyRounds).toEqual(oneRound);
  for (const text of oneRound.values()) {
    for (const line of text.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('reports');
  }
}, 300_000);
