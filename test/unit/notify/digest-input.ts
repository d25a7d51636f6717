/** The fixed district-digest input whose text rendering is kept in test/fixtures/notify/. */
import { digestCase, type DistrictDigestInput } from '../../../shared/notify/district-digest.js';
import { indoreCases } from './build-cases.js';

export function indoreDigestInput(): DistrictDigestInput {
  return {
    batchId: 'b-20261002-0001',
    batchRef: 'NCRB/MP/2026-10-02',
    district: 'Indore',
    recipientTitle: 'Commissioner of Police, Indore',
    cases: indoreCases().map(digestCase),
    portalUrl: 'https://portal.tipline.example/districts/Indore/batches/b-20261002-0001',
    ispSheets: [
      { isp: 'Bharti Airtel Ltd. AS for GPRS Service', rows: 1 },
      { isp: 'Reliance Jio Infocomm Limited', rows: 2 },
    ],
    generatedAt: '2026-10-02T11:30:00Z',
  };
}
