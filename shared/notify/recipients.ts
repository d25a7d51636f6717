/**
 * The recipient directory: who receives each district's digest (the SP; in Bhopal and Indore the Commissioner
 * of Police, with the SP (Rural) as a configured alternate) and HQ. A deployment stores it as data
 * (`tipline recipients load FILE`, shared/aws/recipient-store.ts), checked by `checkLoadableDirectory`: all 55
 * districts, valid addresses, and in production no placeholder address. data/recipients.json is the demo
 * directory (placeholder `.example` addresses), used only by a demo deployment with nothing loaded. At send
 * time a district without a valid recipient still falls back to HQ, and the result says why.
 */
import * as z from 'zod';
import { ConfigError } from '../errors.js';
import shipped from '../../data/recipients.json' with { type: 'json' };
import districtList from '../../data/mp-districts.json' with { type: 'json' };

/** The 55 districts a loaded directory must name, each once (data/mp-districts.json). */
export const DISTRICT_NAMES: readonly string[] = (districtList as { name: string }[]).map((d) => d.name);

const emailSchema = z.email();

const contactSchema = z.object({ title: z.string().trim().min(1), email: z.string() });

// District emails are checked at lookup, not here: one bad address must not stop the other 54 districts.
const districtEntrySchema = contactSchema.extend({ alternate: contactSchema.optional() });

export const recipientDirectorySchema = z.object({
  hq: z.object({ title: z.string().trim().min(1), email: emailSchema }),
  districts: z.record(z.string(), districtEntrySchema.nullable()),
});

export type RecipientDirectory = z.infer<typeof recipientDirectorySchema>;

export interface Recipient {
  to: string;
  title: string;
  fellBackToHq: boolean;
  /** Why the district's own recipient was not used. */
  reason?: string;
  /** The configured alternate (SP (Rural) in Bhopal and Indore), when valid. */
  alternate?: { to: string; title: string };
}

function parseDirectory(value: unknown, origin: string): RecipientDirectory {
  const parsed = recipientDirectorySchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid recipient directory in ${origin}: ${problems}`);
  }
  return parsed.data;
}

// Parsed once per source: Notify, Finalize and MarkFailed ask for it on every invocation of a warm Lambda.
const parsed = new Map<string, RecipientDirectory>();

/** The shipped directory, or the override (RECIPIENTS_JSON) when one is given; a bad override throws. */
export function loadRecipientDirectory(jsonOverride?: string): RecipientDirectory {
  const key = jsonOverride ?? '';
  let directory = parsed.get(key);
  if (!directory) {
    directory = parseRecipientDirectory(jsonOverride);
    parsed.set(key, directory);
  }
  return directory;
}

function parseRecipientDirectory(jsonOverride?: string): RecipientDirectory {
  if (jsonOverride === undefined || jsonOverride.trim() === '') return parseDirectory(shipped, 'data/recipients.json');
  let value: unknown;
  try {
    value = JSON.parse(jsonOverride);
  } catch (error) {
    throw new ConfigError(`the recipient directory is not valid JSON: ${(error as Error).message}`);
  }
  return parseDirectory(value, 'the stored recipient directory');
}

/**
 * Reserved names (RFC 2606 / RFC 6761) that can never receive mail: example, example.com/.net/.org, test,
 * invalid, localhost. An address on one is a placeholder, not a person.
 */
export function isPlaceholderAddress(address: string): boolean {
  const domain = address.trim().toLowerCase().split('@')[1] ?? '';
  if (!domain || !isEmail(address)) return true;
  const labels = domain.split('.');
  const tld = labels.at(-1)!;
  const second = labels.slice(-2).join('.');
  return ['example', 'test', 'invalid', 'localhost'].includes(tld) || ['example.com', 'example.net', 'example.org'].includes(second);
}

const strictContact = z.object({ title: z.string().trim().min(1), email: emailSchema });
/** What `tipline recipients load` accepts: every district, each with a valid address (and a valid alternate, if any). */
const loadableDirectorySchema = z.object({
  hq: strictContact,
  districts: z.record(z.string(), strictContact.extend({ alternate: strictContact.optional() })),
}, { error: 'expected an object with "hq" ({ title, email }) and "districts" ({ "<district>": { title, email } } for all 55 districts)' });

/**
 * Checks a candidate directory before it is stored: the recipients schema, strictly (no district missing,
 * null or with a bad address; no unknown district), and — unless `demo` — no placeholder address. Returns
 * the problems, each naming where it is; empty when the directory may be loaded.
 */
export function directoryProblems(value: unknown, options: { demo: boolean }): string[] {
  const parsed = loadableDirectorySchema.safeParse(value);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const directory = parsed.data;
  const problems: string[] = [];
  const missing = DISTRICT_NAMES.filter((d) => !(d in directory.districts));
  if (missing.length > 0) problems.push(`districts: ${missing.length} of ${DISTRICT_NAMES.length} districts missing: ${missing.join(', ')}`);
  const unknown = Object.keys(directory.districts).filter((d) => !DISTRICT_NAMES.includes(d));
  if (unknown.length > 0) problems.push(`districts: not a Madhya Pradesh district (data/mp-districts.json): ${unknown.join(', ')}`);
  if (!options.demo) {
    const contacts: [string, string][] = [['hq.email', directory.hq.email]];
    for (const [name, entry] of Object.entries(directory.districts)) {
      contacts.push([`districts.${name}.email`, entry.email]);
      if (entry.alternate) contacts.push([`districts.${name}.alternate.email`, entry.alternate.email]);
    }
    const placeholders = contacts.filter(([, email]) => isPlaceholderAddress(email)).map(([where]) => where);
    if (placeholders.length > 0) problems.push(`placeholder addresses (a reserved domain such as .example) in a production deployment: ${placeholders.join(', ')}`);
  }
  return problems;
}

const fold = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

const isEmail = (s: string): boolean => emailSchema.safeParse(s.trim()).success;

/** Who receives a district's digest; HQ, with the reason, when the district has no valid recipient. */
export function recipientFor(directory: RecipientDirectory, district: string): Recipient {
  const key =
    district in directory.districts
      ? district
      : Object.keys(directory.districts).find((name) => fold(name) === fold(district));
  const entry = key === undefined ? undefined : directory.districts[key];
  const hq = (reason: string): Recipient => ({ to: directory.hq.email, title: directory.hq.title, fellBackToHq: true, reason });

  if (!entry) return hq(`no recipient configured for district ${district}`);
  if (!isEmail(entry.email)) return hq(`recipient email for district ${district} is missing or invalid`);
  const alternate = entry.alternate && isEmail(entry.alternate.email)
    ? { to: entry.alternate.email.trim(), title: entry.alternate.title }
    : undefined;
  return { to: entry.email.trim(), title: entry.title, fellBackToHq: false, ...(alternate && { alternate }) };
}
