import { parse } from 'csv-parse/sync';
import { PORT_MISSING, renderDistrictListCsv, renderIspSheets } from '../../../shared/notify/district-list-csv.js';
import { caseOf, indoreCases, ipEvent, report } from './build-cases.js';

const rowsOf = (csv: string): Record<string, string>[] =>
  parse(csv, { bom: true, columns: true }) as Record<string, string>[];

describe('renderDistrictListCsv', () => {
  const rows = rowsOf(renderDistrictListCsv(indoreCases()));

  it('has one row per report, cases P1 first and newest first within a priority', () => {
    expect(rows.map((r) => [r['Case ID'], r['Report ID']])).toEqual([
      ['c-ddd', '100000040'],
      ['c-bbb', '100000020'],
      ['c-bbb', '100000021'],
      ['c-ccc', '100000030'],
      ['c-aaa', '100000010'],
    ]);
  });

  it('carries the identifiers the email body leaves out, formula-safe', () => {
    const row = rows.find((r) => r['Report ID'] === '100000020');
    expect(row).toMatchObject({
      Priority: 'P1',
      'Incident Type': 'Online enticement',
      'Incident Time UTC': '2026-09-28T10:15:00Z',
      'Incident Time IST': '2026-09-28T15:45:00+05:30',
      'Reporting ESP': 'ExampleChat',
      Emails: 'suspect@mail.example',
      Phones: "'+919876543210",
      'ESP Accounts': 'examplechat:u-81723; examplechat:dark_knight',
      'Device IDs': 'IMEI:356938035643809',
      'Public IPs': '106.200.1.9 port 40001 at 2026-09-28T10:14:00Z',
      ISP: 'Bharti Airtel Ltd., Telemedia Services',
      'Location Source': 'address',
      Reasons: 'linked to a case from an earlier batch',
    });
  });

  it('lists only public IPs and says when the port is missing', () => {
    const kase = caseOf({
      reports: [
        report({
          warnings: ['NEEDS_PORT'],
          ipEvents: [
            ipEvent({ ip: '10.1.2.3', ipClass: 'private' }),
            ipEvent({ ip: '223.182.5.6', port: undefined, needsPort: true }),
          ],
        }),
      ],
    });
    const [row] = rowsOf(renderDistrictListCsv([kase]));
    expect(row?.['Public IPs']).toBe('223.182.5.6 port missing at 2026-09-30T18:20:01Z');
    expect(row?.Reasons).toContain('source port missing');
  });

  it('neutralises hostile values from a report and quotes them', () => {
    const kase = caseOf({
      reports: [
        report({
          reporterCompany: '=HYPERLINK("http://evil.example","open")',
          identifiers: { emails: ['@evil.example'], phones: [], devices: ['-1+1'], espAccounts: ['chat:a,"b"\nc'] },
          ipEvents: [ipEvent({ isp: '+ISP\tName' })],
        }),
      ],
    });
    const csv = renderDistrictListCsv([kase]);
    const [row] = rowsOf(csv);
    expect(row?.['Reporting ESP']).toBe('\'=HYPERLINK("http://evil.example","open")');
    expect(row?.Emails).toBe("'@evil.example");
    expect(row?.['Device IDs']).toBe("'-1+1");
    expect(row?.['ESP Accounts']).toBe('chat:a,"b"\nc');
    expect(row?.ISP).toBe("'+ISP\tName");
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
  });
});

describe('renderIspSheets', () => {
  const sheets = renderIspSheets(indoreCases());

  it('makes one sheet per ISP, sorted by name, with file-safe slugs and row counts', () => {
    expect(sheets.map((s) => [s.isp, s.slug, s.rows])).toEqual([
      ['Bharti Airtel Ltd. AS for GPRS Service', 'bharti-airtel-ltd-as-for-gprs-service', 1],
      ['Bharti Airtel Ltd., Telemedia Services', 'bharti-airtel-ltd-telemedia-services', 1],
      ['Reliance Jio Infocomm Limited', 'reliance-jio-infocomm-limited', 2],
    ]);
  });

  it('gives IP, port, time in UTC and IST, ASN, report and case for each event', () => {
    const jio = rowsOf(sheets[2]?.csv ?? '');
    expect(jio).toEqual([
      { IP: '49.36.10.7', Port: '51234', 'Time UTC': '2026-09-30T18:20:01Z', 'Time IST': '2026-09-30T23:50:01+05:30', Event: 'Upload', ASN: 'AS55836', ISP: 'Reliance Jio Infocomm Limited', 'Report ID': '100000010', 'Case ID': 'c-aaa' },
      { IP: '49.36.10.7', Port: '51234', 'Time UTC': '2026-09-30T18:20:01Z', 'Time IST': '2026-09-30T23:50:01+05:30', Event: 'Upload', ASN: 'AS55836', ISP: 'Reliance Jio Infocomm Limited', 'Report ID': '100000021', 'Case ID': 'c-bbb' },
    ]);
  });

  it('flags a missing port as CGNAT and a missing time', () => {
    const [gprs] = rowsOf(sheets[0]?.csv ?? '');
    expect(gprs?.Port).toBe(PORT_MISSING);
    const [row] = rowsOf(
      renderIspSheets([caseOf({ reports: [report({ ipEvents: [ipEvent({ time: undefined, timeUtc: undefined, timeIst: undefined })] })] })])[0]?.csv ?? '',
    );
    expect(row?.['Time UTC']).toMatch(/^MISSING/);
    expect(row?.['Time IST']).toMatch(/^MISSING/);
  });

  it('does not call a missing IPv6 port CGNAT, and puts events without ISP last under "Unknown ISP"', () => {
    const result = renderIspSheets([
      caseOf({
        reports: [report({ ipEvents: [ipEvent({ ip: '2405:201::1', version: 6, port: undefined, isp: undefined }), ipEvent({ isp: 'Zeta Net' })] })],
      }),
    ]);
    expect(result.map((s) => s.isp)).toEqual(['Zeta Net', 'Unknown ISP']);
    expect(rowsOf(result[1]?.csv ?? '')[0]?.Port).toBe('not given (IPv6)');
  });

  it('neutralises a hostile ISP name in the sheet and keeps slugs unique', () => {
    const result = renderIspSheets([
      caseOf({ reports: [report({ ipEvents: [ipEvent({ isp: '=cmd()' }), ipEvent({ isp: '@cmd()' })] })] }),
    ]);
    expect(result.map((s) => s.slug)).toEqual(['cmd', 'cmd-2']);
    for (const sheet of result) expect(rowsOf(sheet.csv)[0]?.ISP).toMatch(/^'[=@]cmd\(\)$/);
  });
});
