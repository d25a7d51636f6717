/**
 * The canonical CyberTipline report (docs/design.md §4): what every reader (JSON, JSONL, XML, CSV) produces and
 * what Validate writes to the valid chunks. Key names follow the CyberTipline schema. Only reportId,
 * incidentType and incidentDateTime are required; unknown keys are dropped; loosely typed values coming
 * from XML and CSV (strings for numbers and booleans, empty elements for flags) are coerced here so the
 * four formats converge on one identical shape.
 */
import * as z from 'zod';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { incidentTypeSchema } from './incident-type.js';
import {
  DECIMAL_INTEGER,
  DECIMAL_NUMBER,
  NO_LATER,
  RANGES,
  dateProblem,
  offsetInRange,
  withoutControlCharacters,
} from './plausibility.js';

/** zod error for a required object: say "required" when it is missing rather than a type message. */
const requiredObject = (iss: { input?: unknown }): string => (iss.input === undefined ? 'required' : 'must be an object');

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Text without control characters (NUL and the like never reach a CSV, an email or a page). */
const clean = (v: unknown): unknown => (typeof v === 'string' ? withoutControlCharacters(v) : v);

/** Optional trimmed text, control characters removed; blank becomes absent. */
export const text = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : blankToUndefined(typeof v === 'string' ? withoutControlCharacters(v).trim() : v)),
  z.string().max(1_048_576).optional(),
);

/** Required text (trimmed, 1..max characters), control characters removed. */
const requiredText = (max: number, error?: string) =>
  z.preprocess(clean, (error ? z.string({ error }) : z.string()).trim().min(1).max(max));

/** Booleans arrive as true/false, "true"/"false", "1"/"0", "yes"/"no", or an empty XML element (= true). */
export const looseBoolean = z.preprocess((v) => {
  if (typeof v === 'boolean' || v === undefined || v === null) return v ?? undefined;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === '') return undefined;
    if (['true', '1', 'yes', 'y'].includes(s)) return true;
    if (['false', '0', 'no', 'n'].includes(s)) return false;
  }
  return v;
}, z.boolean().optional());

/**
 * A number in its documented range and form (docs/design.md §4 "Plausibility"): a JSON number, or text in decimal
 * form — "0x10", "1e20", "12abc" are not read as numbers. Out of range or of form, the message names the rule.
 */
const rangedNumber = (range: { min: number; max: number; integer: boolean }) => {
  const rule = `must be a decimal ${range.integer ? 'integer' : 'number'} from ${range.min} to ${range.max}`;
  let n = z.number({ error: rule }).min(range.min, { error: rule }).max(range.max, { error: rule });
  if (range.integer) n = n.int({ error: rule });
  return z.preprocess((v) => {
    const b = blankToUndefined(v);
    if (typeof b !== 'string') return b;
    const t = b.trim();
    return (range.integer ? DECIMAL_INTEGER : DECIMAL_NUMBER).test(t) ? Number(t) : b;
  }, n.optional());
};

/**
 * Presence flags (report and file annotations). The XSD declares each as fixed="true", so being present
 * means true: `{ sextortion: true }`, `{ sextortion: "" }` (empty XML element) and the CSV list
 * "sextortion;viral" all normalise to a sorted list of flag names. An explicit false is dropped.
 */
export const presenceFlags = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .filter(([, flag]) => flag !== false && String(flag).trim().toLowerCase() !== 'false')
      .map(([name]) => name);
  }
  return v;
}, z.array(z.string().min(1)).transform((names) => [...new Set(names)].sort()).optional());

/** ISO 8601 with a zone (Z or ±hh:mm), as the schema requires. */
export const zonedDateTime = z.iso.datetime({
  offset: true,
  local: false,
  error: (iss) => (iss.input === undefined ? 'required' : 'must be an ISO 8601 date-time with a zone (Z or ±hh:mm)'),
});

/** A zoned date-time that can be true: zone within ±14:00, not before 1990, not after 2099 (plausibility.ts). */
export const plausibleDateTime = zonedDateTime
  .refine(offsetInRange, { error: 'time zone offset must be within ±14:00' })
  .superRefine((v, ctx) => {
    const problem = dateProblem(v, NO_LATER.ms, NO_LATER.what);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
  });
const optionalZonedDateTime = z.preprocess(blankToUndefined, plausibleDateTime.optional());

/** A value that is one item or a list of them: XML and JSON both write single repeats without an array. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? undefined : Array.isArray(v) ? v : [v]),
    z.array(item).optional(),
  );

/**
 * A phone as written "+919732952977" (CSV, plain strings) is split into the schema's parts
 * { value: "9732952977", countryCallingCode: "+91" }, so every format gives the same object.
 */
const splitInternationalPhone = (raw: string): { value: string; countryCallingCode?: string } => {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('+')) return { value: trimmed };
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed ? { value: parsed.nationalNumber, countryCallingCode: `+${parsed.countryCallingCode}` } : { value: trimmed };
};

/**
 * Phones and emails may be a plain string or an object with `value`. The canonical form keeps only what
 * all four formats can carry: CSV has no column for a phone's or email's `type`, so it is not kept
 * (nothing downstream routes on it).
 */
export const phoneSchema = z.preprocess(
  (v) => {
    if (typeof v === 'string' || typeof v === 'number') return splitInternationalPhone(String(v));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as { value?: unknown; countryCallingCode?: unknown };
      const value = typeof o.value === 'number' ? String(o.value) : o.value;
      const hasCode = typeof o.countryCallingCode === 'string' && o.countryCallingCode.trim() !== '';
      if (typeof value === 'string' && !hasCode) return splitInternationalPhone(value);
      return { value, countryCallingCode: o.countryCallingCode };
    }
    return v;
  },
  z.object({
    value: requiredText(50, 'must be text'),
    countryCallingCode: text,
  }),
);
export const emailSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { value: v } : v),
  z.object({ value: requiredText(320, 'must be text') }),
);

export const addressSchema = z.object({
  address: text,
  city: text,
  zipCode: text,
  state: text,
  nonUsaState: text,
  country: text,
});

export const ipCaptureEventSchema = z.object({
  ipAddress: requiredText(64),
  eventName: text,
  dateTime: optionalZonedDateTime,
  port: rangedNumber(RANGES.port),
  possibleProxy: looseBoolean,
});

export const deviceIdSchema = z.object({ idType: text, idValue: requiredText(2083) });

export const estimatedLocationSchema = z.object({ city: text, region: text, countryCode: text });

export const personSchema = z.object({
  firstName: text,
  lastName: text,
  email: listOf(emailSchema),
  phone: listOf(phoneSchema),
  address: listOf(addressSchema),
});

export const personOrUserReportedSchema = z.object({
  personOrUserReportedPerson: personSchema.optional(),
  espIdentifier: text,
  espService: text,
  screenName: text,
  displayName: listOf(text),
  ipCaptureEvent: listOf(ipCaptureEventSchema),
  deviceId: listOf(deviceIdSchema),
  estimatedLocation: estimatedLocationSchema.optional(),
});

export const cellPhoneIncidentSchema = z.object({
  phoneNumber: text,
  latitude: rangedNumber(RANGES.latitude),
  longitude: rangedNumber(RANGES.longitude),
});

export const internetDetailSchema = z.object({ cellPhoneIncident: cellPhoneIncidentSchema.optional() });

export const fileDetailSchema = z.object({
  fileId: text,
  fileName: text,
  originalFileHash: listOf(z.preprocess(
    (v) => (typeof v === 'string' ? { value: v } : v),
    z.object({ hashType: text, value: requiredText(256) }),
  )),
  industryClassification: text,
  fileViewedByEsp: looseBoolean,
  publiclyAvailable: looseBoolean,
  fileAnnotations: presenceFlags,
});

export const ncmecGeolocationSchema = z.object({
  ipAddress: text,
  country: text,
  region: text,
  city: text,
  latitude: rangedNumber(RANGES.latitude),
  longitude: rangedNumber(RANGES.longitude),
  isp: text,
  asn: rangedNumber(RANGES.asn),
});

export const incidentSummarySchema = z.object({
  incidentType: incidentTypeSchema,
  incidentDateTime: plausibleDateTime,
  // Present at all = escalated. An empty XML element still counts, so keep it as text, possibly "".
  escalateToHighPriority: z.preprocess((v) => (v === undefined || v === null ? undefined : withoutControlCharacters(String(v)).trim()), z.string().max(1_048_576).optional()),
  reportAnnotations: presenceFlags,
  platform: text,
});

export const canonicalReportSchema = z.object({
  reportId: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
    z.string({ error: 'required' }).regex(/^\d{1,20}$/, 'must be the CyberTipline report number (digits only)'),
  ),
  receivedAt: optionalZonedDateTime,
  ncmecPriority: text,
  referral: looseBoolean,
  report: z.object(
    {
      batchedReport: z.object({ reason: text }).optional(),
      incidentSummary: z.object(incidentSummarySchema.shape, { error: requiredObject }),
      // reportingPerson (the ESP's own submitter contact) has no CSV column and routes nothing: not kept.
      reporter: z.object({ companyName: text }).optional(),
      personOrUserReported: listOf(personOrUserReportedSchema),
      internetDetails: listOf(internetDetailSchema),
    },
    { error: requiredObject },
  ),
  fileDetails: listOf(fileDetailSchema),
  ncmecGeolocation: listOf(ncmecGeolocationSchema),
});

export type CanonicalReport = z.output<typeof canonicalReportSchema>;
export type PersonOrUserReported = z.output<typeof personOrUserReportedSchema>;
export type FileDetail = z.output<typeof fileDetailSchema>;
export type NcmecGeolocation = z.output<typeof ncmecGeolocationSchema>;
export type IpCaptureEvent = z.output<typeof ipCaptureEventSchema>;
export type Address = z.output<typeof addressSchema>;
