/**
 * The CyberTipline `incidentType` enumeration, exactly as the XSD spells it, and the labels the
 * law-enforcement report uses for the same types (REFERENCE §1.3, §2.1).
 */
import * as z from 'zod';

export const INCIDENT_TYPES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
] as const;

export type IncidentType = (typeof INCIDENT_TYPES)[number];

const fold = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Law-enforcement report labels → schema value. */
const LE_LABELS: Record<string, IncidentType> = {
  'apparent child pornography': 'Child Pornography (possession, manufacture, and distribution)',
  'child pornography': 'Child Pornography (possession, manufacture, and distribution)',
  'child sexual abuse material': 'Child Pornography (possession, manufacture, and distribution)',
  csam: 'Child Pornography (possession, manufacture, and distribution)',
  'online enticement of children': 'Online Enticement of Children for Sexual Acts',
  'online enticement': 'Online Enticement of Children for Sexual Acts',
  'child sex trafficking': 'Child Sex Trafficking',
  'child sex tourism': 'Child Sex Tourism',
  'child sexual molestation': 'Child Sexual Molestation',
  'misleading domain name': 'Misleading Domain Name',
  'misleading words or digital images': 'Misleading Words or Digital Images on the Internet',
  'unsolicited obscene material sent to a child': 'Unsolicited Obscene Material Sent to a Child',
};

const BY_FOLDED = new Map<string, IncidentType>([
  ...INCIDENT_TYPES.map((t) => [fold(t), t] as const),
  ...Object.entries(LE_LABELS).map(([label, t]) => [fold(label), t] as const),
]);

/** The schema value for a schema value or a law-enforcement label, matched ignoring case and punctuation. */
export function toIncidentType(raw: string): IncidentType | undefined {
  return BY_FOLDED.get(fold(raw));
}

export const incidentTypeSchema = z
  .string({ error: 'required' })
  .transform((raw, ctx) => {
    const type = toIncidentType(raw);
    if (!type) {
      // Never quote the value: a rejected field may hold a phone, a name or an address (docs/design.md §4).
      ctx.addIssue({ code: 'custom', message: 'not one of the CyberTipline incident types' });
      return z.NEVER;
    }
    return type;
  });
