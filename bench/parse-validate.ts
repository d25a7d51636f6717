/**
 * Benchmark (not a test): parse + validate throughput and peak memory of readBatch per input format.
 *
 *   npx tsx bench/parse-validate.ts [--reports N] [--formats jsonl,csv,json,xml] [--keep]
 *
 * A format may carry its own report count, `--formats jsonl,csv,json:200000`, for the slower readers.
 *
 * Throughput is per core: reports per CPU-second of the reading process (wall-clock throughput is printed
 * as parse_validate_wall_rps_<format>; on a shared machine it understates the parser).
 * Generates N synthetic reports (default 1,000,000) into a temp file per format, then reads each file in
 * a child process (so its peak RSS is that format's alone) and prints one JSON line per metric:
 *   {"metric":"parse_validate_rps_<format>","value":…,"unit":"reports/s"}
 *   {"metric":"parse_validate_peak_rss_mb_<format>","value":…,"unit":"MB"}
 *   {"metric":"parse_validate_peak_rss_mb","value":<max over formats>,"unit":"MB"}
 * Progress goes to stderr. The generator is deliberately simple; realistic batches come from `tipline generate`.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readBatch } from '../shared/ingest/read-batch.js';

type Format = 'jsonl' | 'csv' | 'json' | 'xml';
const ALL: Format[] = ['jsonl', 'csv', 'json', 'xml'];

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

const TYPES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Online Enticement of Children for Sexual Acts',
  'Apparent Child Pornography',
];
const CITIES = ['Indore', 'Bhopal', 'Gwalior', 'Jabalpur', 'Ujjain', 'Sagar', 'Rewa', 'Satna'];

/** A deterministic synthetic report in the canonical JSON shape (one or two IP events). */
function report(i: number) {
  const hex = (n: number, len: number) => (n >>> 0).toString(16).padStart(len, '0').slice(-len);
  const city = CITIES[i % CITIES.length] as string;
  const ip = `106.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const events = [{ ipAddress: ip, eventName: 'Upload', dateTime: '2026-10-10T08:08:07Z', port: 1024 + (i % 60000) }];
  if (i % 4 === 0) events.push({ ipAddress: `2409:40c2:${hex(i, 4)}::4a`, eventName: 'Login', dateTime: '2026-10-09T01:02:03Z', port: 2000 + (i % 50000) });
  return {
    reportId: String(900_000_000 + i),
    receivedAt: '2026-08-28T05:52:11Z',
    ncmecPriority: String(1 + (i % 3)),
    referral: i % 5 !== 0,
    report: {
      incidentSummary: {
        incidentType: TYPES[i % TYPES.length] as string,
        incidentDateTime: '2026-08-05T06:32:45+05:30',
        ...(i % 10 === 0 ? { escalateToHighPriority: 'Immediate risk stated by the ESP.' } : {}),
        ...(i % 7 === 0 ? { reportAnnotations: { sextortion: true } } : {}),
      },
      reporter: { companyName: 'ExampleChat' },
      personOrUserReported: [{
        personOrUserReportedPerson: {
          email: [`${hex(i * 2654435761, 8)}@mail.example`],
          phone: [{ value: `9${String(i).padStart(9, '0')}`, countryCallingCode: '+91' }],
          ...(i % 3 === 0 ? { address: [{ city, nonUsaState: 'Madhya Pradesh', country: 'IN' }] } : {}),
        },
        espIdentifier: `u-${hex(i, 8)}`,
        screenName: `user_${hex(i, 5)}`,
        ipCaptureEvent: events,
      }],
    },
    fileDetails: [{
      fileId: hex(i, 8).repeat(4),
      fileName: `${hex(i, 8)}.jpg`,
      originalFileHash: [{ hashType: 'MD5', value: hex(i * 31, 8).repeat(4) }],
      industryClassification: 'A1',
      fileViewedByEsp: i % 2 === 0,
      publiclyAvailable: false,
    }],
    ncmecGeolocation: [{ ipAddress: ip, country: 'IN', region: 'Madhya Pradesh', city, isp: 'Reliance Jio Infocomm Limited', asn: 55836 }],
  };
}
type Report = ReturnType<typeof report>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const csvCell = (v: unknown) => {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const CSV_HEADER = 'Report ID,Received At,NCMEC Priority,Referral,Incident Type,Incident Date Time,Escalate To High Priority,Report Annotations,Reporter Company,Suspect Email,Suspect Phone,Screen Name,ESP Identifier,Address City,Address State,Address Country,IP Address,IP Event,IP Event Time,Port,Geo Country,Geo Region,Geo City,Geo ISP,Geo ASN,File ID,File Name,File MD5,Industry Classification,File Viewed By ESP,Publicly Available';

function csvRows(r: Report): string {
  const s = r.report.incidentSummary as Report['report']['incidentSummary'] & { escalateToHighPriority?: string; reportAnnotations?: object };
  const p = r.report.personOrUserReported[0]!;
  const person = p.personOrUserReportedPerson as typeof p.personOrUserReportedPerson & { address?: Array<{ city: string; nonUsaState: string; country: string }> };
  const phone = person.phone[0]!;
  const addr = person.address?.[0];
  const geo = r.ncmecGeolocation[0]!;
  const f = r.fileDetails[0]!;
  return p.ipCaptureEvent.map((e) => {
    const g = e.ipAddress === geo.ipAddress;
    return [r.reportId, r.receivedAt, r.ncmecPriority, r.referral, s.incidentType, s.incidentDateTime, s.escalateToHighPriority,
      s.reportAnnotations ? Object.keys(s.reportAnnotations).join(';') : '', r.report.reporter.companyName, person.email[0],
      `${phone.countryCallingCode}${phone.value}`, p.screenName, p.espIdentifier, addr?.city, addr?.nonUsaState, addr?.country,
      e.ipAddress, e.eventName, e.dateTime, e.port, g ? geo.country : '', g ? geo.region : '', g ? geo.city : '', g ? geo.isp : '', g ? geo.asn : '',
      f.fileId, f.fileName, f.originalFileHash[0]!.value, f.industryClassification, f.fileViewedByEsp, f.publiclyAvailable].map(csvCell).join(',');
  }).join('\n') + '\n';
}

function xmlReport(r: Report): string {
  const s = r.report.incidentSummary as Report['report']['incidentSummary'] & { escalateToHighPriority?: string; reportAnnotations?: object };
  const p = r.report.personOrUserReported[0]!;
  const person = p.personOrUserReportedPerson as typeof p.personOrUserReportedPerson & { address?: Array<{ city: string; nonUsaState: string; country: string }> };
  const el = (name: string, v: unknown) => `<${name}>${esc(String(v))}</${name}>`;
  const f = r.fileDetails[0]!;
  const g = r.ncmecGeolocation[0]!;
  return `<cyberTiplineReport reportId="${r.reportId}" receivedAt="${r.receivedAt}" ncmecPriority="${r.ncmecPriority}" referral="${r.referral}"><report><incidentSummary>${el('incidentType', s.incidentType)}${el('incidentDateTime', s.incidentDateTime)}${s.escalateToHighPriority ? el('escalateToHighPriority', s.escalateToHighPriority) : ''}${s.reportAnnotations ? '<reportAnnotations><sextortion/></reportAnnotations>' : ''}</incidentSummary><reporter>${el('companyName', r.report.reporter.companyName)}</reporter><personOrUserReported><personOrUserReportedPerson>${el('email', person.email[0])}<phone countryCallingCode="+91">${person.phone[0]!.value}</phone>${person.address ? `<address>${el('city', person.address[0]!.city)}${el('nonUsaState', person.address[0]!.nonUsaState)}${el('country', person.address[0]!.country)}</address>` : ''}</personOrUserReportedPerson>${el('espIdentifier', p.espIdentifier)}${el('screenName', p.screenName)}${p.ipCaptureEvent.map((e) => `<ipCaptureEvent>${el('ipAddress', e.ipAddress)}${el('eventName', e.eventName)}${el('dateTime', e.dateTime)}${el('port', e.port)}</ipCaptureEvent>`).join('')}</personOrUserReported></report><fileDetails>${el('fileId', f.fileId)}${el('fileName', f.fileName)}<originalFileHash hashType="MD5">${f.originalFileHash[0]!.value}</originalFileHash>${el('industryClassification', f.industryClassification)}${el('fileViewedByEsp', f.fileViewedByEsp)}${el('publiclyAvailable', f.publiclyAvailable)}</fileDetails><ncmecGeolocation ipAddress="${g.ipAddress}" country="${g.country}" region="${esc(g.region)}" city="${g.city}" isp="${esc(g.isp)}" asn="${g.asn}"/></cyberTiplineReport>\n`;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function generate(format: Format, file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  if (format === 'csv') await write(out, `${CSV_HEADER}\n`);
  if (format === 'jsonl') await write(out, '{"batchRef":"BENCH","generatedAt":"2026-11-28T06:00:00+05:30"}\n');
  if (format === 'json') await write(out, '{"batchRef":"BENCH","generatedAt":"2026-11-28T06:00:00+05:30","reports":[\n');
  if (format === 'xml') await write(out, '<?xml version="1.0" encoding="UTF-8"?>\n<tiplineBatch batchRef="BENCH">\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    const r = report(i);
    buf += format === 'csv' ? csvRows(r) : format === 'xml' ? xmlReport(r) : format === 'json' ? `${i ? ',' : ''}${JSON.stringify(r)}\n` : `${JSON.stringify(r)}\n`;
    if (buf.length > 1 << 20) {
      await write(out, buf);
      buf = '';
    }
  }
  buf += format === 'json' ? ']}\n' : format === 'xml' ? '</tiplineBatch>\n' : '';
  await write(out, buf);
  out.end();
  await once(out, 'finish');
}

/** Child mode: read one file, print {reports, valid, seconds, peakRssMb}. */
async function measure(file: string): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { records, info } = readBatch(createReadStream(file, { highWaterMark: 1 << 20 }), { fileName: file, maxBytes: 64 * 1024 ** 3 });
  let reports = 0;
  let valid = 0;
  for await (const r of records) {
    reports++;
    if (r.ok) valid++;
  }
  await info;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(JSON.stringify({ reports, valid, seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function main(): Promise<void> {
  const measureFile = arg('measure');
  if (measureFile) return measure(measureFile);

  const reports = Number(arg('reports') ?? 1_000_000);
  const formats = (arg('formats')?.split(',') ?? ALL).map((entry) => {
    const [format, count] = entry.split(':') as [Format, string | undefined];
    if (!ALL.includes(format)) throw new Error(`unknown format ${format}`);
    return { format, n: count === undefined ? reports : Number(count) };
  });
  const dir = mkdtempSync(join(tmpdir(), 'parse-validate-'));
  let peak = 0;
  try {
    for (const { format, n } of formats) {
      const file = join(dir, `batch.${format}`);
      process.stderr.write(`generating ${n} reports as ${format}… `);
      await generate(format, file, n);
      process.stderr.write(`${(statSync(file).size / 1024 ** 2).toFixed(0)} MB; reading… `);
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, '--measure', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`measure ${format} failed: ${child.stderr}`);
      const m = JSON.parse(child.stdout) as { reports: number; valid: number; seconds: number; cpuSeconds: number; peakRssMb: number };
      if (m.reports !== n || m.valid !== n) throw new Error(`${format}: read ${m.reports} reports, ${m.valid} valid, expected ${n}`);
      process.stderr.write(`${m.seconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU\n`);
      peak = Math.max(peak, m.peakRssMb);
      // Per core: reports per CPU-second of the reading process (the machine may be shared, so wall
      // time would understate it); wall-clock throughput is printed too.
      console.log(JSON.stringify({ metric: `parse_validate_rps_${format}`, value: Math.round(n / m.cpuSeconds), unit: 'reports/s' }));
      console.log(JSON.stringify({ metric: `parse_validate_wall_rps_${format}`, value: Math.round(n / m.seconds), unit: 'reports/s' }));
      console.log(JSON.stringify({ metric: `parse_validate_peak_rss_mb_${format}`, value: Math.round(m.peakRssMb), unit: 'MB' }));
      if (!process.argv.includes('--keep')) rmSync(file);
    }
    console.log(JSON.stringify({ metric: 'parse_validate_peak_rss_mb', value: Math.round(peak), unit: 'MB' }));
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
