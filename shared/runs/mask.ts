/**
 * Masking for anything an admin screen shows from a report: emails → `a***@d***.example`, phones → last two
 * digits, IPs → first octet (IPv6: first group). Free text (a validation message may quote the value it
 * refused) has every email, IP and long digit run inside it masked the same way. Pure.
 */

const EMAIL = /[^\s@"'<>()[\],;:]+@([^\s@"'<>()[\],;:]+)/g;
const IPV4 = /\b(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;
// At least two groups and a '::' or at least three colons: avoids times like 18:22:11.
const IPV6 = /\b([0-9a-f]{1,4})(?::[0-9a-f]{0,4}){2,7}\b/gi;
// Phone-like: 7+ digits, optionally with +, spaces or dashes between them.
const PHONE = /\+?\d(?:[ ().-]{0,2}\d){6,}/g;

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const labels = domain.split('.');
  const tld = labels.length > 1 ? labels.pop()! : '';
  const first = labels[0] ?? '';
  return `${local[0]}***@${first[0] ?? ''}***${tld ? `.${tld}` : ''}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 2 ? '***' : `***${digits.slice(-2)}`;
}

export function maskIp(ip: string): string {
  if (ip.includes(':')) return `${ip.split(':')[0] || '0'}:***`;
  const first = ip.split('.')[0];
  return `${first}.*.*.*`;
}

/** Mask every email, IP address and phone-like digit run in a free-text string. */
export function maskText(text: string): string {
  // Emails and IPs are masked first and parked behind placeholders, so the phone pass cannot join an IP's
  // first octet to the digits before it.
  const parked: string[] = [];
  const park = (masked: string) => `\u0000${parked.push(masked) - 1}\u0000`;
  return text
    .replace(EMAIL, (m) => park(maskEmail(m)))
    .replace(IPV4, (m) => park(maskIp(m)))
    .replace(IPV6, (m) => (/[a-f]|::/i.test(m) ? park(maskIp(m)) : m))
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      if (/^\d{4}-\d{2}-\d{2}/.test(m)) return m;
      // Dates, times and report numbers (≤ 9 digits, the CyberTipline's own IDs) are not identifiers.
      return digits.length >= 10 ? maskPhone(m) : m;
    })
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => parked[Number(i)] ?? '***');
}

export interface RejectedRecord {
  position: { line?: number; element?: number; row?: number };
  reportId?: string;
  errors: { path: string; message: string }[];
}

const REPORT_ID = /^\d{1,20}$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A rejected record's message as any output shows it (`tipline rejected`, the HQ summary): Validate's messages
 * name the field, the rule and the value's kind and length, never the value (docs/design.md §4). This is the
 * second line of defence, for a message from an older run or a reader that slipped: anything in quotes is cut
 * to "…", emails, IPs and phone-like digit runs are masked, control characters dropped. The record's own
 * report ID (the number the cyber cell looks the report up by) is kept.
 */
export function valueFreeMessage(message: string, reportId?: string): string {
  const id = reportId !== undefined && REPORT_ID.test(reportId) ? reportId : undefined;
  const text = message.replace(CONTROL, ' ').replace(/"[^"]*"/g, '"…"');
  if (!id) return maskText(text);
  return text
    .split(id)
    .map((part) => maskText(part))
    .join(id);
}

/** A field path from the rejected file, kept only when it is one (letters, digits, dots and [index]). */
export function safePath(path: string): string {
  return /^[A-Za-z0-9_.[\]]*$/.test(path) ? path : '(field)';
}

/**
 * A rejected record as an admin screen shows it: positions, paths and the report ID as they are (a report ID is
 * the number the record is looked up by, digits only), messages value-free and masked.
 */
export function maskRejected(record: RejectedRecord): RejectedRecord {
  const reportId = record.reportId === undefined ? undefined : String(record.reportId);
  return {
    position: record.position,
    ...(reportId !== undefined && { reportId: REPORT_ID.test(reportId) ? reportId : maskText(reportId) }),
    errors: record.errors.map((e) => ({ path: safePath(e.path), message: valueFreeMessage(e.message, reportId) })),
  };
}
