/** Time-limited links to objects in the work bucket (S3 presigned GET, SigV4, at most 7 days). */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './s3-client.js';

export function presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
}
