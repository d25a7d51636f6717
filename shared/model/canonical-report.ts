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

/** zod error for a required object: say "required" when it is missing rather than a type message. */
const requiredObject = (iss: { input?: unknown }): string => (iss.input === undefined ? 'required' : 'must be an object');

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Optional trimmed text; blank becomes absent. */
export const text = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : blankToUndefined(typeof v === 'string' ? v.trim() : v)),
  z.string().max(1_048_576).optional(),
);

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

const looseNumber = z.preprocess((v) => {
  const b = blankToUndefined(v);
  return typeof b === 'string' ? Number(b.trim()) : b;
}, z.number().finite().optional());

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
const optionalZonedDateTime = z.preprocess(blankToUndefined, zonedDateTime.optional());

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
    value: z.string({ error: 'must be text' }).trim().min(1).max(50),
    countryCallingCode: text,
  }),
);
export const emailSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { value: v } : v),
  z.object({ value: z.string({ error: 'must be text' }).trim().min(1).max(320) }),
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
  ipAddress: z.string().trim().min(1).max(64),
  eventName: text,
  dateTime: optionalZonedDateTime,
  port: z.preprocess(blankToUndefined, looseNumber.pipe(z.number().int().min(1).max(65535).optional())),
  possibleProxy: looseBoolean,
});

export const deviceIdSchema = z.object({ idType: text, idValue: z.string().trim().min(1).max(2083) });

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
  latitude: looseNumber.pipe(z.number().min(-90).max(90).optional()),
  longitude: looseNumber.pipe(z.number().min(-180).max(180).optional()),
});

export const internetDetailSchema = z.object({ cellPhoneIncident: cellPhoneIncidentSchema.optional() });

export const fileDetailSchema = z.object({
  fileId: text,
  fileName: text,
  originalFileHash: listOf(z.preprocess(
    (v) => (typeof v === 'string' ? { value: v } : v),
    z.object({ hashType: text, value: z.string().trim().min(1).max(256) }),
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
  latitude: looseNumber.pipe(z.number().min(-90).max(90).optional()),
  longitude: looseNumber.pipe(z.number().min(-180).max(180).optional()),
  isp: text,
  asn: looseNumber.pipe(z.number().int().nonnegative().optional()),
});

export const incidentSummarySchema = z.object({
  incidentType: incidentTypeSchema,
  incidentDateTime: zonedDateTime,
  // Present at all = escalated. An empty XML element still counts, so keep it as text, possibly "".
  escalateToHighPriority: z.preprocess((v) => (v === undefined || v === null ? undefined : String(v).trim()), z.string().max(1_048_576).optional()),
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
