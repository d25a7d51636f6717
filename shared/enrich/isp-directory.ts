/**
 * Indian operators by ASN (data/isp-asns.json). Tells whether an address belongs to a mobile carrier that
 * uses carrier-grade NAT (Jio, Airtel, Vi, BSNL), where an IPv4 names a subscriber only with its source port.
 */
import * as z from 'zod';
import ispJson from '../../data/isp-asns.json' with { type: 'json' };

const operatorSchema = z.object({
  name: z.string().min(1),
  asns: z.array(z.number().int().positive()),
  cgnat: z.boolean(),
  namePatterns: z.array(z.string().min(1)),
});

export type Operator = z.infer<typeof operatorSchema>;

const OPERATORS: readonly Operator[] = z.object({ operators: z.array(operatorSchema) }).parse(ispJson).operators;
const BY_ASN = new Map<number, Operator>(OPERATORS.flatMap((o) => o.asns.map((asn) => [asn, o] as const)));

/** The operator of an ASN; without an ASN, of NCMEC's ISP text (lower-case substring match). */
export function operatorOf(asn: number | undefined, isp: string | undefined): Operator | undefined {
  if (asn !== undefined) return BY_ASN.get(asn);
  if (!isp) return undefined;
  const text = isp.toLowerCase();
  return OPERATORS.find((o) => o.namePatterns.some((p) => text.includes(p)));
}

/** True for a mobile carrier behind carrier-grade NAT. */
export function isCgnatCarrier(asn: number | undefined, isp: string | undefined): boolean {
  return operatorOf(asn, isp)?.cgnat ?? false;
}
