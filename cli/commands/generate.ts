/**
 * `tipline generate --reports N --seed S --format json|jsonl|xml|csv --out FILE` (docs/design.md §7, issue 9):
 * a realistic synthetic batch, streamed straight from the generator to the file (gzip when FILE ends in
 * .gz), so a million reports take no more memory than ten. The same N, seed and format always give the
 * same bytes: the header's batchRef and generatedAt derive from the arguments, not from the clock.
 * The format defaults to the one FILE's extension names (.jsonl, .json, .xml, .csv, each optionally .gz).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { generateReports } from '../../shared/generate/generate-reports.js';
import { firstReportIdFor } from '../../shared/generate/report-ids.js';
import { writeBatch } from '../../shared/generate/write-batch.js';
import { FILE_FORMATS, type FileFormat } from '../../shared/model/workflow.js';
import { printJson, progress } from '../output.js';

export interface GenerateCommandOptions {
  reports?: string;
  seed?: string;
  format?: string;
  out?: string;
  firstId?: string;
  json: boolean;
}

export const GENERATE_USAGE = 'usage: tipline generate --reports N [--seed S] [--first-id ID] [--format json|jsonl|xml|csv] --out FILE[.gz]';

/** A fixed generation time, so the file depends on its arguments only. */
const GENERATED_AT = '2026-12-01T06:00:00+05:30';

function nonNegativeInt(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required\n${GENERATE_USAGE}`);
    return fallback;
  }
  const n = Number(text.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return n;
}

export function formatFor(out: string, explicit: string | undefined): FileFormat {
  if (explicit !== undefined) {
    if (!(FILE_FORMATS as readonly string[]).includes(explicit)) throw new Error(`--format must be one of ${FILE_FORMATS.join(', ')}, got "${explicit}"`);
    return explicit as FileFormat;
  }
  const ext = path.extname(out.replace(/\.gz$/i, '')).slice(1).toLowerCase();
  if ((FILE_FORMATS as readonly string[]).includes(ext)) return ext as FileFormat;
  throw new Error(`--format is required (cannot tell it from "${out}")\n${GENERATE_USAGE}`);
}

export interface GeneratedFile {
  out: string;
  format: FileFormat;
  reports: number;
  seed: number;
  /** The report numbers the batch holds: firstId … lastId. */
  firstId: number;
  lastId: number;
  gzip: boolean;
  bytes: number;
}

/** Writes the batch to `out` (via a temporary name, so a reader never sees half a file). */
export async function generateFile(opts: { reports: number; seed: number; firstId?: number; format: FileFormat; out: string }): Promise<GeneratedFile> {
  const out = path.resolve(opts.out);
  const gzip = /\.gz$/i.test(out);
  const firstId = opts.firstId ?? firstReportIdFor(opts.seed);
  await mkdir(path.dirname(out), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  const file = createWriteStream(partial, { highWaterMark: 1 << 20 });
  const source = gzip ? createGzip({ level: 6 }) : new PassThrough({ highWaterMark: 1 << 20 });
  let bytes = 0;
  source.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const piped = pipeline(source, file);
  try {
    const meta = { batchRef: `SYN-${opts.seed}-${opts.reports}`, generatedAt: GENERATED_AT };
    await writeBatch(opts.format, generateReports({ reports: opts.reports, seed: opts.seed, reportIdStart: firstId }), source, meta);
    source.end();
    await piped;
    await rename(partial, out);
  } catch (err) {
    source.destroy();
    await piped.catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  }
  return { out, format: opts.format, reports: opts.reports, seed: opts.seed, firstId, lastId: firstId + opts.reports - 1, gzip, bytes };
}

export async function generateCommand(opts: GenerateCommandOptions): Promise<number> {
  if (!opts.out) throw new Error(`--out is required\n${GENERATE_USAGE}`);
  const reports = nonNegativeInt('reports', opts.reports);
  const seed = nonNegativeInt('seed', opts.seed, 1);
  const firstId = opts.firstId === undefined ? undefined : nonNegativeInt('first-id', opts.firstId);
  const format = formatFor(opts.out, opts.format);
  const started = Date.now();
  const result = await generateFile({ reports, seed, firstId, format, out: opts.out });
  if (opts.json) printJson(result);
  else progress(`wrote ${reports} reports (${format}${result.gzip ? ', gzip' : ''}, seed ${seed}, report IDs ${result.firstId}–${result.lastId}) to ${result.out}: ${(result.bytes / 1024 ** 2).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
