/**
 * The recipient directory: who receives each district's digest (the SP; in Bhopal and Indore the Commissioner
 * of Police, with the SP (Rural) as a configured alternate) and HQ. Kept as data in data/recipients.json and
 * overridable at deploy time with the same JSON in RECIPIENTS_JSON. A district without a valid recipient
 * falls back to HQ, and the result says why so the HQ summary can report it.
 */
import * as z from 'zod';
import { ConfigError } from '../errors.js';
import shipped from '../../data/recipients.json' with { type: 'json' };

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
    throw new ConfigError(`RECIPIENTS_JSON is not valid JSON: ${(error as Error).message}`);
  }
  return parseDirectory(value, 'RECIPIENTS_JSON');
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
