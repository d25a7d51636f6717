import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { generateReports } from '../../../shared/generate/generate-reports.js';
import { writeBatch } from '../../../shared/generate/write-batch.js';
import type { FileFormat } from '../../../shared/model/workflow.js';

type Obj = Record<string, any>;

const fixture = (ext: string): string => readFileSync(new URL(`../../fixtures/example-batch.${ext}`, import.meta.url), 'utf8');
const example = JSON.parse(fixture('json')) as { batchRef: string; generatedAt: string; reports: Obj[] };
const meta = { batchRef: 'SYN-2026-001', generatedAt: '2026-12-01T06:00:00+05:30' };

async function written(format: FileFormat, reports: Iterable<Obj>, m = meta): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeBatch(format, reports, out, m);
  return Buffer.concat(chunks).toString('utf8');
}

interface XmlNode { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string }

/** A small DOM from saxes, which also proves the output is well-formed XML. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => { if (stack.length) stack[stack.length - 1]!.text += t; });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(xml).close();
  return root!;
}
const find = (node: XmlNode, name: string): XmlNode[] =>
  [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => find(c, name))];

describe('writeBatch reproduces the example batch byte for byte', () => {
  it.each(['json', 'jsonl', 'xml', 'csv'] as const)('%s', async (format) => {
    const out = await written(format, example.reports, { batchRef: example.batchRef, generatedAt: example.generatedAt });
    expect(out).toBe(fixture(format));
  });
});

describe('writeBatch on a generated batch', () => {
  const reports = [...generateReports({ reports: 400, seed: 99 })] as Obj[];
  const ids = reports.map((r) => r.reportId);

  it('json: one document with the header fields and every report unchanged', async () => {
    const batch = JSON.parse(await written('json', reports));
    expect(batch).toEqual({ ...meta, reports });
  });

  it('json: an empty batch is still valid JSON', async () => {
    expect(JSON.parse(await written('json', []))).toEqual({ ...meta, reports: [] });
  });

  it('jsonl: a header line without reportId, then one report per line', async () => {
    const lines = (await written('jsonl', reports)).split('\n');
    expect(lines.pop()).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(meta);
    expect(lines.slice(1).map((l) => JSON.parse(l))).toEqual(reports);
  });

  it('xml: well-formed, fixture element names, attributes where the schema has them', async () => {
    const root = parseXml(await written('xml', reports));
    expect(root.name).toBe('tiplineBatch');
    expect(root.attributes).toEqual(meta);
    expect(root.children.map((c) => c.name).every((n) => n === 'cyberTiplineReport')).toBe(true);
    expect(root.children.map((c) => c.attributes.reportId)).toEqual(ids);
    for (const [i, node] of root.children.entries()) {
      expect(node.children.filter((c) => c.name === 'report')).toHaveLength(1);
      expect(find(node, 'fileDetails')).toHaveLength(reports[i]!.fileDetails.length);
      expect(find(node, 'ncmecGeolocation')).toHaveLength(reports[i]!.ncmecGeolocation?.length ?? 0);
      expect(node.attributes.referral).toBe(String(reports[i]!.referral));
    }
    const phones = find(root, 'phone').filter((p) => p.attributes.countryCallingCode);
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.every((p) => p.attributes.countryCallingCode === '+91' && p.attributes.type === 'Mobile' && /^\d{10}$/.test(p.text))).toBe(true);
    expect(find(root, 'originalFileHash').every((h) => h.attributes.hashType === 'MD5' && /^[0-9a-f]{32}$/.test(h.text))).toBe(true);
    const geo = find(root, 'ncmecGeolocation');
    expect(geo.length).toBeGreaterThan(0);
    expect(geo.every((g) => g.children.length === 0 && g.attributes.ipAddress)).toBe(true);
    expect(geo.some((g) => g.attributes.asn && g.attributes.isp)).toBe(true);
    const batched = find(root, 'batchedReport');
    expect(batched.length).toBeGreaterThan(0);
    expect(batched.every((b) => b.attributes.reason === 'VIRAL_POTENTIAL_MEME' && b.children.length === 0)).toBe(true);
    // Flags are empty elements inside their container.
    const flags = find(root, 'fileAnnotations').flatMap((a) => a.children);
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((f) => f.children.length === 0 && f.text === '')).toBe(true);
  });

  it('csv: the fixture header, one row per report × IP event (or file), rows grouped by Report ID', async () => {
    const text = await written('csv', reports);
    expect(text.split('\n')[0]).toBe(fixture('csv').split('\n')[0]);
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    const expectedRows = reports.reduce((n, r) => {
      const events = r.report.personOrUserReported.flatMap((u: Obj) => u.ipCaptureEvent ?? []).length;
      const addresses = r.report.personOrUserReported.flatMap((u: Obj) => u.personOrUserReportedPerson?.address ?? []).length;
      const devices = r.report.personOrUserReported.flatMap((u: Obj) => u.deviceId ?? []).length;
      return n + Math.max(1, events, r.fileDetails.length, addresses, devices, r.report.internetDetails?.length ?? 0);
    }, 0);
    expect(rows).toHaveLength(expectedRows);
    const seen: string[] = [];
    for (const row of rows) if (seen.at(-1) !== row['Report ID']) seen.push(row['Report ID']!);
    expect(seen).toEqual(ids);
    // Each IP event appears once, with its own port and the geolocation of that IP.
    const r = reports.find((x) => (x.ncmecGeolocation?.length ?? 0) > 1)!;
    const own = rows.filter((row) => row['Report ID'] === r.reportId);
    for (const g of r.ncmecGeolocation) {
      const row = own.find((x) => x['IP Address'] === g.ipAddress)!;
      expect([row['Geo ISP'], row['Geo ASN']]).toEqual([g.isp, String(g.asn)]);
    }
    // Batched reports list their users in one cell.
    const b = reports.find((x) => x.report.batchedReport)!;
    expect(rows.find((row) => row['Report ID'] === b.reportId)!['ESP Identifier']).toBe(
      b.report.personOrUserReported.map((u: Obj) => u.espIdentifier).join(';'),
    );
  });
});

describe('writeBatch escapes text', () => {
  const nasty = 'He said "meet <tonight> & bring ©", then; left,\nfor good';
  const report: Obj = {
    reportId: '1',
    referral: true,
    report: {
      incidentSummary: { incidentType: 'Child Sex Trafficking', incidentDateTime: '2026-01-02T03:04:05Z', escalateToHighPriority: nasty, reportAnnotations: { sextortion: true, spam: false } },
      personOrUserReported: [{ screenName: 'a\u0001b', personOrUserReportedPerson: { email: [{ value: 'x@y.example', type: 'Home' }] } }],
    },
    fileDetails: [{ fileId: 'f1', fileName: 'a&b "c".jpg' }],
    ncmecGeolocation: [{ ipAddress: '1.2.3.4', city: 'Ujjain "old" <town>' }],
  };

  it('xml: text and attributes survive a parser; controls XML cannot carry are replaced; false flags dropped', async () => {
    const root = parseXml(await written('xml', [report], { batchRef: 'a"b<c', generatedAt: 'x&y' }));
    expect(root.attributes).toEqual({ batchRef: 'a"b<c', generatedAt: 'x&y' });
    expect(find(root, 'escalateToHighPriority')[0]!.text).toBe(nasty);
    expect(find(root, 'fileName')[0]!.text).toBe('a&b "c".jpg');
    expect(find(root, 'ncmecGeolocation')[0]!.attributes.city).toBe('Ujjain "old" <town>');
    expect(find(root, 'screenName')[0]!.text).toBe('a\uFFFDb');
    expect(find(root, 'reportAnnotations')[0]!.children.map((c) => c.name)).toEqual(['sextortion']);
    const email = find(root, 'email')[0]!;
    expect([email.text, email.attributes.type]).toEqual(['x@y.example', 'Home']);
  });

  it('csv: RFC 4180 quoting keeps commas, quotes, semicolons and newlines inside one cell', async () => {
    const rows = parseCsv(await written('csv', [report]), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!['Escalate To High Priority']).toBe(nasty);
    expect(rows[0]!['File Name']).toBe('a&b "c".jpg');
    expect(rows[0]!['Geo City']).toBe('Ujjain "old" <town>');
    expect(rows[0]!['Report Annotations']).toBe('sextortion');
  });
});

describe('writeBatch streams', () => {
  it('writes 100,000 JSONL reports through a slow stream without outrunning its buffer', async () => {
    const highWaterMark = 64 * 1024;
    let lines = 0;
    let maxBuffered = 0;
    const out = new Writable({
      highWaterMark,
      write(chunk: Buffer, _enc, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        setImmediate(done); // a consumer slower than the producer
      },
    });
    const write = out.write.bind(out);
    out.write = ((...args: Parameters<typeof out.write>) => {
      const ok = write(...args);
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      return ok;
    }) as typeof out.write;
    await writeBatch('jsonl', generateReports({ reports: 100_000, seed: 4 }), out, meta);
    await new Promise<void>((resolve) => out.end(resolve));
    expect(lines).toBe(100_001);
    // Without awaiting 'drain' the whole ~100 MB would queue up in the stream.
    expect(maxBuffered).toBeLessThan(4 * highWaterMark);
  }, 60_000);

  it('fails instead of hanging when the output stream breaks', async () => {
    let written = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        if (written > 200_000) done(new Error('disk full'));
        else setImmediate(done);
      },
    });
    out.on('error', () => undefined);
    await expect(writeBatch('xml', generateReports({ reports: 5_000, seed: 4 }), out, meta)).rejects.toThrow(/disk full|closed/);
  });
});
