import { maskEmail, maskIp, maskPhone, maskRejected, maskText } from '../../../shared/runs/mask.js';

describe('masking', () => {
  it('masks emails, phones and IPs', () => {
    expect(maskEmail('bad.person@mail.example')).toBe('b***@m***.example');
    expect(maskPhone('+91 98765 43210')).toBe('***10');
    expect(maskIp('49.36.10.7')).toBe('49.*.*.*');
    expect(maskIp('2401:4900:1c3a::1')).toBe('2401:***');
  });

  it('masks identifiers quoted in free text but keeps dates, times and report numbers', () => {
    const text = 'value "leaky.user@mail.example", phone +91 98765 43210 then 49.36.10.7 and 2401:4900:1c3a::1 at 2026-08-05T06:32:45Z (18:22:11), report 900000100';
    const masked = maskText(text);
    for (const secret of ['leaky.user', 'mail.example', '98765', '43210', '36.10.7', '4900']) expect(masked).not.toContain(secret);
    expect(masked).toContain('l***@m***.example');
    expect(masked).toContain('***10');
    expect(masked).toContain('49.*.*.*');
    expect(masked).toContain('2026-08-05T06:32:45Z');
    expect(masked).toContain('18:22:11');
    expect(masked).toContain('900000100');
  });

  it('masks a rejected record\'s messages and keeps positions and paths', () => {
    const r = maskRejected({ position: { line: 3 }, reportId: '700000003', errors: [{ path: 'report.personOrUserReported.0.personOrUserReportedPerson.email.0', message: 'invalid email "x.y@evil.example"' }] });
    expect(r).toEqual({ position: { line: 3 }, reportId: '700000003', errors: [{ path: 'report.personOrUserReported.0.personOrUserReportedPerson.email.0', message: 'invalid email "…"' }] });
    // The report ID is kept (the number a record is found by), even a long one; other digit runs are masked.
    expect(maskRejected({ position: {}, reportId: '9007199254740993', errors: [{ path: 'reportId', message: 'report ID 9007199254740993 and 9876543210' }] }).errors[0]!.message).toBe(
      'report ID 9007199254740993 and ***10',
    );
  });
});
