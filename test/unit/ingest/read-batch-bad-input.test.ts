import { readFileSync } from 'node:fs';
import { UnreadableFileError } from '../../../shared/errors.js';
import { FIXTURES, gzip, readAll } from './helpers.js';

const CP = 'Child Pornography (possession, manufacture, and distribution)';
const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ reportId: id, report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11+05:30' } }, ...extra });

async function unreadable(data: Buffer | string, fileName = 'batch.bin', maxBytes?: number): Promise<UnreadableFileError> {
  const err = await readAll(data, fileName, maxBytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnreadableFileError);
  return err as UnreadableFileError;
}

describe('a file mixing good and bad records', () => {
  const lines = [
    '{"batchRef":"B-1","generatedAt":"2026-11-28T06:00:00+05:30"}',
    good('100'),
    JSON.stringify({ reportId: '101', report: { incidentSummary: { incidentType: CP, incidentDateTime: '30/09/2026 18:22' } } }),
    JSON.stringify({ reportId: '102', report: { incidentSummary: { incidentDateTime: '2026-09-30T18:22:11Z' } } }),
    JSON.stringify({ reportId: 'ABC-1', report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z' } } }),
    '{"reportId":"104","report":{"incidentSummary":',
    JSON.stringify({ reportId: '105', report: { incidentSummary: { incidentType: 'Shoplifting', incidentDateTime: '2026-09-30T18:22:11Z' } } }),
    '',
    good('106', { unknownTopLevel: { nested: 1 }, report: { incidentSummary: { incidentType: 'Apparent Child Pornography', incidentDateTime: '2026-09-30T18:22:11Z', futureField: 'x' } } }),
    JSON.stringify({ reportId: 107, report: { incidentSummary: { incidentDateTime: 'soon' } }, ncmecGeolocation: [{ latitude: 123 }] }),
  ];

  it('yields one record per record: valid ones, and rejected ones with position and every error', async () => {
    const { records, info } = await readAll(lines.join('\n'), 'mixed.jsonl');
    expect(info).toMatchObject({ format: 'jsonl', batchRef: 'B-1', generatedAt: '2026-11-28T06:00:00+05:30' });
    expect(records).toHaveLength(8); // header and blank line are not records
    const byLine = new Map(records.map((r) => [r.position.line, r]));
    expect(records.filter((r) => r.ok).map((r) => r.position.line)).toEqual([2, 9]);

    const valid106 = byLine.get(9);
    expect(valid106?.ok && valid106.report.report.incidentSummary.incidentType).toBe(CP); // LE label mapped
    expect(valid106?.ok && Object.keys(valid106.report)).not.toContain('unknownTopLevel');

    expect(byLine.get(3)).toEqual({ ok: false, position: { line: 3 }, reportId: '101', errors: [{ path: 'report.incidentSummary.incidentDateTime', message: expect.stringMatching(/ISO 8601/) }] });
    expect(byLine.get(4)).toMatchObject({ ok: false, reportId: '102', errors: [{ path: 'report.incidentSummary.incidentType', message: 'required' }] });
    expect(byLine.get(5)).toMatchObject({ ok: false, errors: [{ path: 'reportId', message: expect.stringMatching(/digits/) }] });
    expect(byLine.get(5)).not.toHaveProperty('reportId');
    expect(byLine.get(6)).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringMatching(/not valid JSON/) }] });
    expect(byLine.get(7)).toMatchObject({ ok: false, errors: [{ path: 'report.incidentSummary.incidentType', message: expect.stringMatching(/not one of the CyberTipline incident types/) }] });

    const many = byLine.get(10);
    expect(many?.ok).toBe(false);
    if (many && !many.ok) {
      expect(many.reportId).toBe('107');
      expect(many.errors.map((e) => e.path).sort()).toEqual([
        'ncmecGeolocation[0].latitude',
        'report.incidentSummary.incidentDateTime',
        'report.incidentSummary.incidentType',
      ]);
    }
  });

  it('never puts record values into error messages', async () => {
    const secret = 'secret.suspect@mail.example';
    const { records } = await readAll(
      [`{"reportId":"1","x":"${secret}"`, JSON.stringify({ reportId: '2', report: { incidentSummary: { incidentType: CP, incidentDateTime: secret } }, fileDetails: [{ fileViewedByEsp: secret }] })].join('\n'),
      'x.jsonl',
    );
    expect(records).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain(secret);
  });

  it('rejects bad CSV rows with their line, and merges rows of one report', async () => {
    const csv = [
      'report_id,INCIDENT TYPE,Incident Date Time,IP Address,Port,Geo City,File ID,Suspect Email',
      `200,"${CP}",2026-09-30T18:22:11Z,49.36.10.7,51234,Indore,f1,a@x.example;b@x.example`,
      `200,"${CP}",2026-09-30T18:22:11Z,49.36.10.8,,Indore,f1,b@x.example`,
      `201,Not A Type,2026-09-30T18:22:11Z,,,,,`,
      `ABC,"${CP}",2026-09-30T18:22:11Z,,,,,`,
      `203,"${CP}",yesterday,,,,,`,
      `204,"${CP}",2026-09-30T18:22:11Z,1.2.3.4,99999,,,`,
    ].join('\r\n');
    const { records } = await readAll(csv, 'x.csv');
    expect(records.map((r) => [r.position.line, r.ok])).toEqual([[2, true], [4, false], [5, false], [6, false], [7, false]]);
    const merged = records[0];
    if (!merged?.ok) throw new Error('expected valid');
    const suspect = merged.report.report.personOrUserReported?.[0];
    expect(suspect?.ipCaptureEvent).toEqual([{ ipAddress: '49.36.10.7', port: 51234 }, { ipAddress: '49.36.10.8' }]);
    expect(suspect?.personOrUserReportedPerson?.email).toEqual([{ value: 'a@x.example' }, { value: 'b@x.example' }]);
    expect(merged.report.fileDetails).toEqual([{ fileId: 'f1' }]);
    expect(merged.report.ncmecGeolocation).toEqual([{ ipAddress: '49.36.10.7', city: 'Indore' }, { ipAddress: '49.36.10.8', city: 'Indore' }]);
    expect(records[4]).toMatchObject({ ok: false, reportId: '204', errors: [{ path: 'report.personOrUserReported[0].ipCaptureEvent[0].port' }] });
  });

  it('rejects a merged CSV report whose rows disagree on a report-level value', async () => {
    const csv = `Report ID,Incident Type,Incident Date Time\n300,"${CP}",2026-09-30T18:22:11Z\n300,"${CP}",2026-10-01T00:00:00Z\n`;
    const { records } = await readAll(csv, 'x.csv');
    expect(records).toEqual([
      { ok: false, position: { line: 2, row: 1 }, reportId: '300', errors: [{ path: 'report.incidentSummary.incidentDateTime', message: expect.stringMatching(/disagree/) }] },
    ]);
  });

  it('rejects bad XML reports by element index and keeps reading', async () => {
    const xml = `<?xml version="1.0"?>
<tiplineBatch batchRef="X-1">
  <cyberTiplineReport reportId="400"><report><incidentSummary><incidentType>${CP}</incidentType><incidentDateTime>2026-09-30T18:22:11Z</incidentDateTime><reportAnnotations><sextortion/><spam>true</spam></reportAnnotations></incidentSummary><unknownElement a="1">x</unknownElement></report></cyberTiplineReport>
  <cyberTiplineReport reportId="401"><report><incidentSummary><incidentDateTime>2026-09-30T18:22:11Z</incidentDateTime></incidentSummary></report></cyberTiplineReport>
  <cyberTiplineReport reportId="402"><report><incidentSummary><incidentType>${CP}</incidentType><incidentDateTime>2026-09-30T18:22:11Z</incidentDateTime></incidentSummary></report><fileDetails><fileId>&undefined;</fileId></fileDetails></cyberTiplineReport>
  <cyberTiplineReport reportId="403"><report><incidentSummary><incidentType>${CP}</incidentType><incidentDateTime>2026-09-30T18:22:11Z</incidentDateTime></incidentSummary></report></cyberTiplineReport>
</tiplineBatch>`;
    const { records, info } = await readAll(xml, 'x.xml');
    expect(info.batchRef).toBe('X-1');
    expect(records.map((r) => [r.position.element, r.ok])).toEqual([[1, true], [2, false], [3, false], [4, true]]);
    const first = records[0];
    expect(first?.ok && first.report.report.incidentSummary.reportAnnotations).toEqual(['sextortion', 'spam']);
    expect(records[1]).toMatchObject({ reportId: '401', errors: [{ path: 'report.incidentSummary.incidentType', message: 'required' }] });
    expect(records[2]).toMatchObject({ errors: [{ message: expect.stringMatching(/not well-formed/) }] });
  });

  it('accepts a field of 1 MB in every format', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const jsonl = good('500', { report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z', escalateToHighPriority: big } } });
    const csv = `Report ID,Incident Type,Incident Date Time,Escalate To High Priority\n500,"${CP}",2026-09-30T18:22:11Z,${big}\n501,"${CP}",2026-09-30T18:22:11Z,\n`;
    const xml = `<tiplineBatch><cyberTiplineReport reportId="500"><report><incidentSummary><incidentType>${CP}</incidentType><incidentDateTime>2026-09-30T18:22:11Z</incidentDateTime><escalateToHighPriority>${big}</escalateToHighPriority></incidentSummary></report></cyberTiplineReport></tiplineBatch>`;
    const json = `{"reports":[${jsonl}]}`;
    for (const [data, name] of [[jsonl, 'b.jsonl'], [csv, 'b.csv'], [xml, 'b.xml'], [json, 'b.json']] as const) {
      const { records } = await readAll(Buffer.from(data), name);
      const r = records[0];
      expect(r?.ok && r.report.report.incidentSummary.escalateToHighPriority?.length).toBe(big.length);
      expect(records[1]?.position.line ?? 3).toBe(3); // the CSV row after the big one keeps its line
    }
  });
});

describe('files that cannot be read', () => {
  it('refuses XML with a DTD (XXE) before reading any report', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE tiplineBatch [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<tiplineBatch><cyberTiplineReport reportId="1"><report><incidentSummary><incidentType>&xxe;</incidentType></incidentSummary></report></cyberTiplineReport></tiplineBatch>`;
    const err = await unreadable(xxe, 'xxe.xml');
    expect(err.file).toBe('xxe.xml');
    expect(err.reason).toBe('XML declares a DTD or entities; refused');
  });

  it('refuses entity expansion (billion laughs), also gzipped and after a long comment', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><tiplineBatch>&lol2;</tiplineBatch>`;
    expect((await unreadable(gzip(laughs), 'lol.xml.gz')).reason).toMatch(/DTD or entities/);
    const late = `<?xml version="1.0"?><!--${' '.repeat(100_000)}--><!DOCTYPE x [<!ENTITY a "b">]><tiplineBatch/>`;
    expect((await unreadable(late, 'late.xml')).reason).toMatch(/DTD or entities/);
  });

  it('fails on a truncated or corrupt gzip', async () => {
    const gz = gzip(readFileSync(new URL('example-batch.jsonl', FIXTURES)));
    expect((await unreadable(gz.subarray(0, gz.length - 40), 'cut.jsonl.gz')).reason).toBe('gzip stream is corrupt or truncated');
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x55, 20, 60);
    expect((await unreadable(corrupt, 'bad.jsonl.gz')).reason).toBe('gzip stream is corrupt or truncated');
  });

  it('fails on an unknown format', async () => {
    expect((await unreadable('%PDF-1.7 binary stuff', 'x.pdf')).reason).toBe('not a known batch format (expected JSON, JSONL, XML or CSV)');
    expect((await unreadable(Buffer.from([0, 1, 2, 3, 255]), 'x.bin')).reason).toMatch(/not a known batch format/);
    expect((await unreadable('\x00\x01binary\x02', 'x.bin')).reason).toMatch(/not a known batch format/);
  });

  it('fails past the size limit, counting stored bytes', async () => {
    const data = readFileSync(new URL('example-batch.csv', FIXTURES));
    const err = await unreadable(data, 'big.csv', data.length - 1);
    expect(err.reason).toMatch(/larger than the .* limit/);
    expect((await readAll(data, 'ok.csv', data.length)).records).toHaveLength(7);
  });

  it('fails on JSON that is truncated or not well-formed, naming the file', async () => {
    const json = readFileSync(new URL('example-batch.json', FIXTURES), 'utf8');
    expect((await unreadable(json.slice(0, json.length / 2), 'half.json')).reason).toMatch(/truncated|not well-formed/);
    const err = await unreadable(json.replace('"reportId": "900000103"', '"reportId": 900000103 oops'), 'broken.json');
    expect(err.message).toMatch(/^broken\.json: JSON is not well-formed/);
  });
});

describe('CSV details', () => {
  it('accepts a BOM and headers in any case, spacing or underscores', async () => {
    const csv = `\uFEFF  REPORT_ID , incident type,IncidentDateTime,Unknown Column\n600,"${CP}",2026-09-30T18:22:11Z,zzz\n`;
    const { records, info } = await readAll(csv, 'bom.csv');
    expect(info.format).toBe('csv');
    expect(records).toEqual([{ ok: true, position: { line: 2, row: 1 }, report: { reportId: '600', report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z' } } } }]);
  });

  it('rejects an unreadable row by line and still reads the rows before it', async () => {
    const csv = `Report ID,Incident Type,Incident Date Time\n700,"${CP}",2026-09-30T18:22:11Z\n701,"bad"quote,2026-09-30T18:22:11Z\n`;
    const { records } = await readAll(csv, 'q.csv');
    expect(records.filter((r) => r.ok)).toHaveLength(1);
    const bad = records.find((r) => !r.ok);
    expect(bad?.position.line).toBe(3);
    expect(bad && !bad.ok && bad.reportId).toBe('701');
    expect(bad && !bad.ok && bad.errors[0]?.message).toMatch(/^CSV_QUOTE: line 3 cannot be read \(CSV_INVALID_CLOSING_QUOTE/);
  });
});
