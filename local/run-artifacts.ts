/**
 * What a local run left in the data dir besides its record: the mail it sent (<data dir>/mail, every
 * message of every session, JSON + HTML, as the runtime saves them) and its Lambda log lines
 * (<data dir>/logs/lambda.log, JSON lines that carry the batch ID and no identifiers).
 */
import { createReadStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const mailDir = (dataDir: string): string => path.join(dataDir, 'mail');
export const lambdaLog = (dataDir: string): string => path.join(dataDir, 'logs', 'lambda.log');

export interface StoredMail {
  /** The stored file's name without extension: sorts in send order. */
  id: string;
  sentAt: string;
  to: string[];
  subject: string;
  batchId?: string;
  hasHtml: boolean;
}

const MAIL_ID = /^[0-9TZ]+-\d{4}-[A-Za-z0-9_.-]+$/;
const BATCH_IN_SUBJECT = /\bb-[0-9a-f]{16}\b/;

/** Every stored message, newest first. */
export async function storedMail(dataDir: string): Promise<StoredMail[]> {
  let files: string[];
  try {
    files = await readdir(mailDir(dataDir));
  } catch {
    return [];
  }
  const html = new Set(files.filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5)));
  const ids = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).filter((id) => MAIL_ID.test(id));
  const mails = await Promise.all(
    ids.map(async (id): Promise<StoredMail | undefined> => {
      try {
        const m = JSON.parse(await readFile(path.join(mailDir(dataDir), `${id}.json`), 'utf-8')) as { subject?: string; destination?: { to?: string[] }; at?: number };
        const subject = m.subject ?? '';
        const batchId = BATCH_IN_SUBJECT.exec(subject)?.[0];
        const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(id);
        const sentAt = stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}.${stamp[7]}Z` : new Date((m.at ?? 0) * 1000).toISOString();
        return { id, sentAt, to: m.destination?.to ?? [], subject, ...(batchId && { batchId }), hasHtml: html.has(id) };
      } catch {
        return undefined;
      }
    }),
  );
  return mails.filter((m): m is StoredMail => !!m).sort((a, b) => b.id.localeCompare(a.id));
}

/** A stored message's HTML, by id (undefined for an unknown or malformed id). */
export async function storedMailHtml(dataDir: string, id: string): Promise<string | undefined> {
  if (!MAIL_ID.test(id)) return undefined;
  return readFile(path.join(mailDir(dataDir), `${id}.html`), 'utf-8').catch(() => undefined);
}

/** The Lambda log lines of one batch, oldest first, at most `limit` (and how many there were). */
export async function logLinesFor(dataDir: string, batchId: string, limit = 500): Promise<{ total: number; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  let total = 0;
  const needle = `"batchId":"${batchId}"`;
  try {
    const input = createReadStream(lambdaLog(dataDir), { encoding: 'utf-8' });
    await new Promise<void>((resolve, reject) => {
      input.once('error', reject);
      input.once('open', () => resolve());
    });
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (!line.includes(needle)) continue;
      total++;
      if (lines.length >= limit) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a torn last line while a run is writing
      }
    }
  } catch {
    return { total: 0, lines: [] };
  }
  return { total, lines };
}
