/**
 * The suspect's identifiers in the exact forms Classify links reports by (docs/design.md §5 "Identifiers"):
 * - emails: trimmed, lower-cased;
 * - phones: E.164 (see phone.ts; "raw:<digits>" when unparseable), from the suspect's phones and the
 *   cellPhoneIncident number (the phone that was the channel of contact);
 * - devices: "<idType trimmed, lower-cased>:<idValue trimmed>" ("unknown" when the type is missing);
 * - ESP accounts: "<company>:<espIdentifier>" and "<company>:screen:<screenName lower-cased>", company =
 *   reporter.companyName trimmed and lower-cased. Without a company there is no ESP account: "u-123" on two
 *   unnamed services is not one account, and a legal request needs the service anyway.
 * Each list is de-duplicated and sorted, so the same report in any input format gives the same lists.
 */
import type { CanonicalReport } from '../model/canonical-report.js';
import type { Identifiers } from '../model/enriched-report.js';
import { normalizePhone } from './phone.js';

// Plain arrays: a report has a handful of identifiers, and Sets cost more than they save at that size.
const addUnique = (list: string[], value: string): void => {
  if (!list.includes(value)) list.push(value);
};
const sorted = (list: string[]): string[] => (list.length > 1 ? list.sort() : list);

export function extractIdentifiers(report: CanonicalReport): Identifiers {
  const emails: string[] = [];
  const phones: string[] = [];
  const devices: string[] = [];
  const espAccounts: string[] = [];
  const company = report.report.reporter?.companyName?.trim().toLowerCase();

  for (const suspect of report.report.personOrUserReported ?? []) {
    const person = suspect.personOrUserReportedPerson;
    for (const e of person?.email ?? []) {
      const email = e.value.trim().toLowerCase();
      if (email) addUnique(emails, email);
    }
    for (const p of person?.phone ?? []) {
      const phone = normalizePhone(p.value, p.countryCallingCode);
      if (phone) addUnique(phones, phone);
    }
    for (const d of suspect.deviceId ?? []) {
      const type = d.idType?.trim().toLowerCase() || 'unknown';
      addUnique(devices, `${type}:${d.idValue.trim()}`);
    }
    if (company) {
      const espId = suspect.espIdentifier?.trim();
      if (espId) addUnique(espAccounts, `${company}:${espId}`);
      const screen = suspect.screenName?.trim().toLowerCase();
      if (screen) addUnique(espAccounts, `${company}:screen:${screen}`);
    }
  }
  for (const detail of report.report.internetDetails ?? []) {
    const number = detail.cellPhoneIncident?.phoneNumber;
    const phone = number ? normalizePhone(number) : undefined;
    if (phone) addUnique(phones, phone);
  }
  return {
    emails: sorted(emails),
    phones: sorted(phones),
    devices: sorted(devices),
    espAccounts: sorted(espAccounts),
  };
}
