/**
 * Every file in test/fixtures/hostile/ read as Validate reads it, against its documented outcome
 * (test/fixtures/hostile/expected.json): unreadable with a clear message, or exactly these valid report IDs and
 * these rejected records — so received = valid + rejected and nothing vanishes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { UnreadableFileError } from '../../../shared/errors.js';
import { FIXTURES, readAll } from './helpers.js';

const DIR = new URL('hostile/', FIXTURES);
type Expected = { unreadable: string } | { valid: string[]; rejected: { line: number; reportId?: string; rule: string }[] };
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<string, Expected>;

describe('hostile fixtures', () => {
  const files = readdirSync(DIR).filter((f) => f !== 'expected.json');

  it('has a documented outcome for every fixture file', () => {
    expect(files.sort()).toEqual(Object.keys(expected).filter((k) => !k.startsWith('_')).sort());
  });

  for (const file of files) {
    it(file, async () => {
      const want = expected[file]!;
      const data = readFileSync(new URL(file, DIR));
      const result = await readAll(data, file).catch((err: unknown) => err);
      if ('unreadable' in want) {
        expect(result).toBeInstanceOf(UnreadableFileError);
        expect((result as UnreadableFileError).reason).toMatch(new RegExp(want.unreadable));
        return;
      }
      if (result instanceof Error) throw result;
      const { records } = result as Awaited<ReturnType<typeof readAll>>;
      expect(records.filter((r) => r.ok).map((r) => (r.ok ? r.report.reportId : ''))).toEqual(want.valid);
      const rejected = records.flatMap((r) => (r.ok ? [] : [{ line: r.position.line, reportId: r.reportId, rule: r.errors[0]?.code ?? r.errors[0]?.message }]));
      expect(rejected).toEqual(want.rejected);
      expect(records).toHaveLength(want.valid.length + want.rejected.length);
    });
  }
});
