/**
 * Builds one raw canonical report from the CSV rows that share a Report ID (DESIGN §4 column list).
 * Report-level cells take the first non-empty value (a later row that disagrees is an error on that
 * field); per-event cells (IP events, files, geolocations, devices, addresses, cell coordinates) and
 * `;`-separated lists are collected in first-seen order without duplicates.
 */
import type { FieldError } from './parsed-record.js';

/** The DESIGN §4 columns, keyed by their normalised header (lower case, no spaces/underscores/hyphens). */
export const CSV_COLUMNS = [
  'reportid', 'receivedat', 'ncmecpriority', 'referral', 'incidenttype', 'incidentdatetime',
  'escalatetohighpriority', 'reportannotations', 'batchedreason', 'reportercompany', 'platform',
  'suspectemail', 'suspectphone', 'screenname', 'espidentifier', 'espservice', 'displayname',
  'address', 'addresscity', 'addressstate', 'addresspin', 'addresscountry',
  'estimatedcity', 'estimatedregion', 'estimatedcountry',
  'ipaddress', 'ipevent', 'ipeventtime', 'port', 'possibleproxy',
  'deviceidtype', 'deviceid', 'celllatitude', 'celllongitude',
  'geocountry', 'georegion', 'geocity', 'geolatitude', 'geolongitude', 'geoisp', 'geoasn',
  'fileid', 'filename', 'filemd5', 'industryclassification', 'fileviewedbyesp', 'publiclyavailable',
  'fileannotations',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Partial<Record<CsvColumn, string>>;

/** Report-level cells and the canonical path a disagreement is reported on. */
const SCALARS: ReadonlyArray<readonly [CsvColumn, string]> = [
  ['receivedat', 'receivedAt'],
  ['ncmecpriority', 'ncmecPriority'],
  ['referral', 'referral'],
  ['incidenttype', 'report.incidentSummary.incidentType'],
  ['incidentdatetime', 'report.incidentSummary.incidentDateTime'],
  ['escalatetohighpriority', 'report.incidentSummary.escalateToHighPriority'],
  ['platform', 'report.incidentSummary.platform'],
  ['batchedreason', 'report.batchedReport.reason'],
  ['reportercompany', 'report.reporter.companyName'],
  ['screenname', 'report.personOrUserReported[0].screenName'],
  ['espidentifier', 'report.personOrUserReported[0].espIdentifier'],
  ['espservice', 'report.personOrUserReported[0].espService'],
  ['estimatedcity', 'report.personOrUserReported[0].estimatedLocation.city'],
  ['estimatedregion', 'report.personOrUserReported[0].estimatedLocation.region'],
  ['estimatedcountry', 'report.personOrUserReported[0].estimatedLocation.countryCode'],
];

const LISTS = ['reportannotations', 'suspectemail', 'suspectphone', 'displayname'] as const;

type Cells = ReadonlyArray<readonly [string, CsvColumn]>;
const IP_EVENT: Cells = [['ipAddress', 'ipaddress'], ['eventName', 'ipevent'], ['dateTime', 'ipeventtime'], ['port', 'port'], ['possibleProxy', 'possibleproxy']];
const DEVICE: Cells = [['idType', 'deviceidtype'], ['idValue', 'deviceid']];
const address = (stateKey: string): Cells => [['address', 'address'], ['city', 'addresscity'], ['zipCode', 'addresspin'], [stateKey, 'addressstate'], ['country', 'addresscountry']];
const ADDRESS_US = address('state');
const ADDRESS = address('nonUsaState');
const CELL: Cells = [['latitude', 'celllatitude'], ['longitude', 'celllongitude']];
const GEO: Cells = [['country', 'geocountry'], ['region', 'georegion'], ['city', 'geocity'], ['latitude', 'geolatitude'], ['longitude', 'geolongitude'], ['isp', 'geoisp'], ['asn', 'geoasn']];
const FILE: Cells = [['fileId', 'fileid'], ['fileName', 'filename'], ['industryClassification', 'industryclassification'], ['fileViewedByEsp', 'fileviewedbyesp'], ['publiclyAvailable', 'publiclyavailable']];

const splitList = (cell: string | undefined): string[] =>
  cell ? cell.split(';').map((s) => s.trim()).filter(Boolean) : [];

/** Trimmed cell, or undefined when blank. */
const cellOf = (row: CsvRow, column: CsvColumn): string | undefined => {
  const v = row[column];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
};

/** Ordered set of parts, deduplicated on their JSON text (computed only once a second part arrives). */
class PartList<T> {
  readonly items: T[] = [];
  private seen: Set<string> | undefined;
  add(part: T | undefined): void {
    if (part === undefined) return;
    if (this.items.length === 0) {
      this.items.push(part);
      return;
    }
    const seen = (this.seen ??= new Set(this.items.map((p) => JSON.stringify(p))));
    const key = JSON.stringify(part);
    if (seen.has(key)) return;
    seen.add(key);
    this.items.push(part);
  }
  get value(): T[] | undefined {
    return this.items.length ? this.items : undefined;
  }
}

/** An object of the given cells, or undefined when every cell is blank. */
function partOf(row: CsvRow, cells: Cells): Record<string, string> | undefined {
  let part: Record<string, string> | undefined;
  for (const [key, column] of cells) {
    const v = cellOf(row, column);
    if (v !== undefined) (part ??= {})[key] = v;
  }
  return part;
}

export class CsvReportBuilder {
  readonly reportId: string;
  private readonly scalars = new Map<CsvColumn, string>();
  private readonly lists = new Map<CsvColumn, PartList<string>>(LISTS.map((c) => [c, new PartList<string>()]));
  private readonly ipEvents = new PartList<Record<string, string>>();
  private readonly devices = new PartList<Record<string, string>>();
  private readonly addresses = new PartList<Record<string, string>>();
  private readonly cells = new PartList<Record<string, unknown>>();
  private readonly geos = new PartList<Record<string, string>>();
  private readonly files = new PartList<Record<string, unknown>>();
  private readonly errors: FieldError[] = [];

  constructor(reportId: string) {
    this.reportId = reportId;
  }

  add(row: CsvRow): void {
    for (const [column, path] of SCALARS) {
      const v = cellOf(row, column);
      if (v === undefined) continue;
      const had = this.scalars.get(column);
      if (had === undefined) this.scalars.set(column, v);
      else if (had !== v && !this.errors.some((e) => e.path === path)) {
        this.errors.push({ path, message: 'rows of this report disagree on this value' });
      }
    }
    for (const column of LISTS) for (const item of splitList(row[column])) this.lists.get(column)?.add(item);

    const ipAddress = cellOf(row, 'ipaddress');
    this.ipEvents.add(partOf(row, IP_EVENT));
    this.devices.add(partOf(row, DEVICE));
    const country = cellOf(row, 'addresscountry');
    // Outside the US the schema keeps a state or province in nonUsaState.
    this.addresses.add(partOf(row, country && /^(US|USA)$/i.test(country) ? ADDRESS_US : ADDRESS));
    const cell = partOf(row, CELL);
    this.cells.add(cell && { cellPhoneIncident: cell });
    const geo = partOf(row, GEO);
    this.geos.add(geo && (ipAddress ? { ipAddress, ...geo } : geo));
    this.files.add(this.fileOf(row));
  }

  private fileOf(row: CsvRow): Record<string, unknown> | undefined {
    const base = partOf(row, FILE);
    const hashes = splitList(row.filemd5).map((value) => ({ hashType: 'MD5', value }));
    const annotations = splitList(row.fileannotations);
    if (!base && !hashes.length && !annotations.length) return undefined;
    const file: Record<string, unknown> = { ...base };
    if (hashes.length) file.originalFileHash = hashes;
    if (annotations.length) file.fileAnnotations = annotations;
    return file;
  }

  /** Disagreements between the rows, to add to the schema's own errors. */
  get mergeErrors(): readonly FieldError[] {
    return this.errors;
  }

  /** The raw canonical report, for the schema to coerce and validate. */
  build(): Record<string, unknown> {
    const s = (c: CsvColumn): string | undefined => this.scalars.get(c);
    const list = (c: CsvColumn): string[] | undefined => this.lists.get(c)?.value;
    const estimated = { city: s('estimatedcity'), region: s('estimatedregion'), countryCode: s('estimatedcountry') };
    const batchedReason = s('batchedreason');
    const company = s('reportercompany');
    // A multi-valued ESP Identifier cell (";") is a batched report's list of users: the first carries the
    // row's suspect details, each further one is a user known only by that identifier (REFERENCE §1.11).
    const [espIdentifier, ...moreUsers] = (s('espidentifier') ?? '').split(';').map((id) => id.trim()).filter(Boolean);
    return {
      reportId: this.reportId,
      receivedAt: s('receivedat'),
      ncmecPriority: s('ncmecpriority'),
      referral: s('referral'),
      report: {
        batchedReport: batchedReason ? { reason: batchedReason } : undefined,
        incidentSummary: {
          incidentType: s('incidenttype'),
          incidentDateTime: s('incidentdatetime'),
          escalateToHighPriority: s('escalatetohighpriority'),
          reportAnnotations: list('reportannotations'),
          platform: s('platform'),
        },
        reporter: company ? { companyName: company } : undefined,
        personOrUserReported: [
          {
            personOrUserReportedPerson: {
              email: list('suspectemail'),
              phone: list('suspectphone'),
              address: this.addresses.value,
            },
            espIdentifier,
            espService: s('espservice'),
            screenName: s('screenname'),
            displayName: list('displayname'),
            ipCaptureEvent: this.ipEvents.value,
            deviceId: this.devices.value,
            estimatedLocation: estimated.city || estimated.region || estimated.countryCode ? estimated : undefined,
          },
          ...moreUsers.map((id) => ({ espIdentifier: id })),
        ],
        internetDetails: this.cells.value,
      },
      fileDetails: this.files.value,
      ncmecGeolocation: this.geos.value,
    };
  }
}
