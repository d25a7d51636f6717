/**
 * One canonical report → its CSV rows (docs/design.md §4: one row per report × IP event, rows with the same
 * Report ID merge). Report-level cells repeat on every row, as a spreadsheet export does. Row k carries
 * the k-th IP event with NCMEC's geolocation of that IP, the k-th file, device, address and cell
 * position, so nothing needs a nested separator; there are as many rows as the longest of those lists
 * (at least one). Several values of one report-level field (emails, phones, display names, flags, the
 * users of a batched report) share a cell, joined by ";". The CSV has one estimated location per
 * report: further ones are not written.
 */
import type { CsvRow } from './csv-columns.js';
import { flagNames } from './presence-flags.js';

type Obj = Record<string, unknown>;

const asObject = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const objects = (v: unknown): Obj[] => asList(v).map(asObject).filter((o): o is Obj => o !== undefined);

/** Scalars as text; anything else (absent, objects) as an empty cell. */
function cell(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

const joined = (values: unknown[]): string => values.map(cell).filter((s) => s !== '').join(';');

/** A phone as one cell: the calling code in front when the number does not already carry it. */
function phoneCell(v: unknown): string {
  const phone = asObject(v);
  if (!phone) return cell(v);
  const value = cell(phone.value);
  const code = cell(phone.countryCallingCode);
  return code !== '' && value !== '' && !value.startsWith('+') ? `${code}${value}` : value;
}

const emailCell = (v: unknown): string => cell(asObject(v)?.value ?? v);

export function reportToCsvRows(report: Obj): CsvRow[] {
  const body = asObject(report.report) ?? {};
  const summary = asObject(body.incidentSummary) ?? {};
  const users = objects(body.personOrUserReported);
  const people = users.map((u) => asObject(u.personOrUserReportedPerson) ?? {});
  const addresses = people.flatMap((p) => objects(p.address));
  const estimated = users.map((u) => asObject(u.estimatedLocation)).find((e) => e !== undefined) ?? {};
  const devices = users.flatMap((u) => objects(u.deviceId));
  const cellPhones = objects(body.internetDetails).map((d) => asObject(d.cellPhoneIncident)).filter((c): c is Obj => c !== undefined);
  const events = users.flatMap((u) => objects(u.ipCaptureEvent));
  const geos = objects(report.ncmecGeolocation);
  const files = objects(report.fileDetails);

  const common: CsvRow = {
    'Report ID': cell(report.reportId),
    'Received At': cell(report.receivedAt),
    'NCMEC Priority': cell(report.ncmecPriority),
    Referral: cell(report.referral),
    'Incident Type': cell(summary.incidentType),
    'Incident Date Time': cell(summary.incidentDateTime),
    'Escalate To High Priority': cell(summary.escalateToHighPriority),
    'Report Annotations': flagNames(summary.reportAnnotations).join(';'),
    'Batched Reason': cell(asObject(body.batchedReport)?.reason),
    'Reporter Company': cell(asObject(body.reporter)?.companyName),
    'Suspect Email': people.flatMap((p) => asList(p.email).map(emailCell)).filter(Boolean).join(';'),
    'Suspect Phone': people.flatMap((p) => asList(p.phone).map(phoneCell)).filter(Boolean).join(';'),
    'Screen Name': joined(users.map((u) => u.screenName)),
    'ESP Identifier': joined(users.map((u) => u.espIdentifier)),
    'Display Name': joined(users.flatMap((u) => asList(u.displayName))),
    'Estimated City': cell(estimated.city),
    'Estimated Region': cell(estimated.region),
    'Estimated Country': cell(estimated.countryCode),
  };

  // Geolocations of IPs no event mentions still need a row (keyed by their own address).
  const eventIps = new Set(events.map((e) => cell(e.ipAddress)));
  const ipRows: { event?: Obj; ip: string }[] = [
    ...events.map((event) => ({ event, ip: cell(event.ipAddress) })),
    ...geos.filter((g) => !eventIps.has(cell(g.ipAddress))).map((g) => ({ ip: cell(g.ipAddress) })),
  ];
  const rows = Math.max(1, ipRows.length, files.length, devices.length, addresses.length, cellPhones.length);
  return Array.from({ length: rows }, (_, k) => {
    const row: CsvRow = { ...common };
    const ipRow = ipRows[k];
    if (ipRow) {
      const { event, ip } = ipRow;
      row['IP Address'] = ip;
      row['IP Event'] = cell(event?.eventName);
      row['IP Event Time'] = cell(event?.dateTime);
      row.Port = cell(event?.port);
      row['Possible Proxy'] = cell(event?.possibleProxy);
      const geo = geos.find((g) => cell(g.ipAddress) === ip);
      if (geo) {
        row['Geo Country'] = cell(geo.country);
        row['Geo Region'] = cell(geo.region);
        row['Geo City'] = cell(geo.city);
        row['Geo Latitude'] = cell(geo.latitude);
        row['Geo Longitude'] = cell(geo.longitude);
        row['Geo ISP'] = cell(geo.isp);
        row['Geo ASN'] = cell(geo.asn);
      }
    }
    const address = addresses[k];
    if (address) {
      row.Address = cell(address.address);
      row['Address City'] = cell(address.city);
      row['Address State'] = cell(address.nonUsaState ?? address.state);
      row['Address PIN'] = cell(address.zipCode);
      row['Address Country'] = cell(address.country);
    }
    const device = devices[k];
    if (device) {
      row['Device ID Type'] = cell(device.idType);
      row['Device ID'] = cell(device.idValue);
    }
    const cellPhone = cellPhones[k];
    if (cellPhone) {
      row['Cell Latitude'] = cell(cellPhone.latitude);
      row['Cell Longitude'] = cell(cellPhone.longitude);
    }
    const file = files[k];
    if (file) {
      row['File ID'] = cell(file.fileId);
      row['File Name'] = cell(file.fileName);
      row['File MD5'] = cell(
        objects(file.originalFileHash).find((h) => cell(h.hashType).toUpperCase() === 'MD5')?.value ??
          asList(file.originalFileHash).find((h) => typeof h === 'string'),
      );
      row['Industry Classification'] = cell(file.industryClassification);
      row['File Viewed By ESP'] = cell(file.fileViewedByEsp);
      row['Publicly Available'] = cell(file.publiclyAvailable);
      row['File Annotations'] = flagNames(file.fileAnnotations).join(';');
    }
    return row;
  });
}
