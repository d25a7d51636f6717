import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rejectedWithStore } from '../../../cli/commands/rejected.js';
import type { RunStore } from '../../../shared/runs/run-store.js';

const store = (): RunStore => ({
  source: 'test',
  listExecutions: async () => [],
  getExecution: async () => undefined,
  getBatch: async () => ({ batchId: 'b-0000000000000001', rejectedKey: 'rejected.jsonl' }) as never,
  readWorkObject: async () => `${JSON.stringify({ position: { line: 2 }, reportId: '7', errors: [{ path: 'x', message: 'm' }] })}\n`,
  close: async () => undefined,
});

describe('tipline rejected --reveal', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(path.join(tmpdir(), 'reveal-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('appends an audit event (who, when, which batch, how many; no value) before printing', async () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await rejectedWithStore(store(), { batch: 'b-0000000000000001', json: true, reveal: true, dataDir: dir });
      await rejectedWithStore(store(), { batch: 'b-0000000000000001', json: true, dataDir: dir });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const lines = (await readFile(path.join(dir, 'audit', 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1); // the masked listing is not an audit event
    expect(lines[0]).toMatchObject({ action: 'rejected.reveal', batchId: 'b-0000000000000001', records: 1 });
    expect(typeof lines[0]!.at).toBe('string');
  });

  it('is refused against a deployed stack', async () => {
    await expect(rejectedWithStore(store(), { batch: 'b-0000000000000001', json: true, reveal: true, aws: true, dataDir: dir })).rejects.toThrow(/local only/);
  });
});
