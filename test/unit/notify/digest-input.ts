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
    listUrl: 'https://tipline-bucket.s3.ap-south-1.amazonaws.com/batches/b-20261002-0001/districts/indore.csv?X-Amz-Expires=604800&X-Amz-Signature=abc',
    ispSheets: [
      { isp: 'Bharti Airtel Ltd. AS for GPRS Service', url: 'https://tipline-bucket.s3.ap-south-1.amazonaws.com/batches/b-20261002-0001/districts/indore/isp/bharti-airtel-ltd-as-for-gprs-service.csv?X-Amz-Signature=def', rows: 1 },
      { isp: 'Reliance Jio Infocomm Limited', url: 'https://tipline-bucket.s3.ap-south-1.amazonaws.com/batches/b-20261002-0001/districts/indore/isp/reliance-jio-infocomm-limited.csv?X-Amz-Signature=ghi', rows: 2 },
    ],
    linkExpiresAt: '2026-10-09T11:30:00Z',
    generatedAt: '2026-10-02T11:30:00Z',
  };
}
