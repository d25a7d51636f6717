import { redact, renderFailureEmail } from '../../../shared/notify/failure-email.js';

const base = { batchId: 'b-20261002-0001', fileKey: 'incoming/batch.xml', failedAt: '2026-10-02T11:30:00Z' };

describe('renderFailureEmail', () => {
  it('says which batch and file failed, when, and why', () => {
    const email = renderFailureEmail({ ...base, error: 'UnreadableFileError', cause: 'incoming/batch.xml: XML with a DTD is refused', execution: 'exec-1' });
    expect(email.subject).toBe('[Tipline] FAILED — batch b-20261002-0001: UnreadableFileError (incoming/batch.xml)');
    expect(email.text).toContain('Batch: b-20261002-0001\nFile: incoming/batch.xml\nFailed at: 2026-10-02 17:00 IST / 2026-10-02T11:30:00Z\nExecution: exec-1\nError: UnreadableFileError\nCause: incoming/batch.xml: XML with a DTD is refused\n');
    expect(email.text).toContain('marked FAILED');
    expect(email.html).toContain('<strong>Cause:</strong> incoming/batch.xml: XML with a DTD is refused');
  });

  it('works before the batch was registered and without a cause', () => {
    const email = renderFailureEmail({ fileKey: 'incoming/x.json', error: 'ConfigError', failedAt: '2026-10-02T11:30:00Z' });
    expect(email.text).toContain('Batch: not registered');
    expect(email.text).not.toContain('Cause:');
  });

  it('reads a Step Functions cause (Lambda error JSON) without the stack trace', () => {
    const cause = JSON.stringify({ errorType: 'TransientError', errorMessage: 'throttled', trace: ['TransientError: throttled', '    at handler (/var/task/index.js:1:1)'] });
    const email = renderFailureEmail({ ...base, error: 'TransientError', cause });
    expect(email.text).toContain('Cause: TransientError: throttled\n');
    expect(email.text).not.toContain('/var/task');
  });

  it('drops a plain stack trace', () => {
    const email = renderFailureEmail({ ...base, error: 'Error', cause: 'Error: boom\n    at f (a.js:1:1)\n    at g (b.js:2:2)' });
    expect(email.text).toContain('Cause: Error: boom\n');
    expect(email.text).not.toContain('a.js');
  });

  it('escapes and truncates the cause', () => {
    const email = renderFailureEmail({ ...base, error: '<b>Bad</b>', cause: `<script>alert(1)</script>${'x'.repeat(5000)}` });
    expect(email.html).not.toMatch(/<script|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const causeLine = email.text.split('\n').find((l) => l.startsWith('Cause: ')) ?? '';
    expect(causeLine.length).toBeLessThanOrEqual('Cause: '.length + 1000);
    expect(causeLine.endsWith('…')).toBe(true);
  });

  it('redacts emails, IPs and phone numbers that slipped into an error', () => {
    const email = renderFailureEmail({
      ...base,
      error: 'ValidationError for suspect@mail.example',
      cause: 'bad row: 49.36.10.7 2405:201:1c:2a::1 +91 98765 43210 at 2026-10-02T18:22:11Z report 128765431',
    });
    for (const body of [email.subject, email.text, email.html]) {
      expect(body).not.toMatch(/suspect@mail\.example|49\.36\.10\.7|2405:201|98765 43210/);
    }
    expect(email.text).toContain('Cause: bad row: [ip] [ip] [number] at 2026-10-02T18:22:11Z report 128765431');
  });

  it('keeps the subject on one line', () => {
    const email = renderFailureEmail({ ...base, fileKey: 'incoming/a\r\nBcc: x.json', error: 'E\nrr' });
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('redact', () => {
  it('leaves times, sizes and report IDs readable', () => {
    expect(redact('at 18:22:11 size 2147 report 128765431 Class::method')).toBe('at 18:22:11 size 2147 report 128765431 Class::method');
  });
});
