/**
 * What a deployment is, from CDK context (`-c tipline:KEY=VALUE` or cdk.json), checked before anything is
 * built: a synthesis that AWS or the law would refuse later fails here, naming the setting.
 *
 * - Region: ap-south-1, always. The CDK CLI sets CDK_DEFAULT_REGION from the deployer's shell profile, which
 *   says nothing about where police data may live, so it is ignored: a us-east-1 shell still synthesizes and
 *   deploys ap-south-1. Asking for another region (`tipline:region`) is refused.
 * - Addresses: the SES sender, HQ and alarm addresses must be real. A placeholder (empty, or a reserved domain
 *   such as .example) is refused unless `tipline:demo=true` says this deployment is a demo.
 * - Retention (docs/design.md, README "Retention"): originals' Object Lock mode and days, expiry of originals
 *   after it, working files' and index items' lifetimes, audit log lifetime.
 */
import { isPlaceholderAddress } from '../shared/notify/recipients.js';
import { DEPLOY_REGION } from '../shared/deploy-region.js';

export { DEPLOY_REGION };

export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface RetentionSettings {
  /** Object Lock on every original, in days; originals expire (are deleted) after it. */
  originalsRetentionDays: number;
  /** GOVERNANCE (default: a privileged role may shorten it) or COMPLIANCE (production: nobody can, not even root). */
  objectLockMode: ObjectLockMode;
  /** Working files under batches/ (chunks, case files, district lists) expire after this many days. */
  workingFilesExpireDays: number;
  /** Index items (report IDs, identifier hashes) expire this many days after they are written (DynamoDB TTL). */
  indexRetentionDays: number;
  /** CloudTrail data-event logs are kept this many days. */
  auditLogRetentionDays: number;
}

export interface DeploySettings {
  region: string;
  demo: boolean;
  sesSender: string;
  hqEmail: string;
  alarmEmail: string;
  retention: RetentionSettings;
  /** Environment for every step: CHUNK_SIZE, MAX_FILE_BYTES, LINK_TTL_SECONDS, SES_RATE_PER_SECOND. */
  settings: Record<string, string>;
  /** Cognito domain prefix of the portal's hosted sign-in (unique in the region). */
  signInDomainPrefix: string;
}

type Context = (key: string) => unknown;

const DEMO_ADDRESSES = {
  sesSender: 'tipline@cybercell.mppolice.example',
  hqEmail: 'cybercell-hq@mppolice.example',
  alarmEmail: 'tipline-admin@mppolice.example',
};

function wholeDays(ctx: Context, key: string, fallback: number): number {
  const raw = ctx(key) ?? fallback;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`tipline:${key} must be a whole number of days ≥ 1, got "${String(raw)}"`);
  return days;
}

export function deploySettings(ctx: Context, env: NodeJS.ProcessEnv = {}): DeploySettings {
  const text = (key: string, fallback = ''): string => String(ctx(key) ?? fallback).trim();
  const flag = (key: string): boolean => ['true', '1', 'yes'].includes(text(key).toLowerCase());

  const region = text('region', DEPLOY_REGION);
  if (region !== DEPLOY_REGION) {
    throw new Error(`Tipline Router deploys to ${DEPLOY_REGION} only (police evidence stays in India); tipline:region is "${region}". ` +
      `Remove -c tipline:region (the shell's region${env.CDK_DEFAULT_REGION ? `, ${env.CDK_DEFAULT_REGION},` : ''} is ignored: the stack is always ${DEPLOY_REGION}).`);
  }

  const demo = flag('demo');
  const addresses = {
    sesSender: text('sesSender', demo ? DEMO_ADDRESSES.sesSender : ''),
    hqEmail: text('hqEmail', demo ? DEMO_ADDRESSES.hqEmail : ''),
    alarmEmail: text('alarmEmail', demo ? DEMO_ADDRESSES.alarmEmail : ''),
  };
  if (!demo) {
    const placeholders = Object.entries(addresses).filter(([, a]) => isPlaceholderAddress(a));
    if (placeholders.length > 0) {
      throw new Error('refusing a production deployment with placeholder addresses: ' +
        placeholders.map(([k, a]) => `tipline:${k} ${a ? `"${a}" is a reserved (never delivered) domain` : 'is not set'}`).join('; ') +
        '. Give real ones (-c tipline:sesSender=… -c tipline:hqEmail=… -c tipline:alarmEmail=…), or -c tipline:demo=true for a demo deployment that sends nowhere.');
    }
  }
  const sender = addresses.sesSender;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(sender)) throw new Error(`tipline:sesSender must be an email address, got "${sender}"`);

  const mode = text('objectLockMode', 'GOVERNANCE').toUpperCase();
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') throw new Error(`tipline:objectLockMode must be GOVERNANCE or COMPLIANCE, got "${mode}"`);

  return {
    region,
    demo,
    ...addresses,
    retention: {
      originalsRetentionDays: wholeDays(ctx, 'originalsRetentionDays', 365),
      objectLockMode: mode,
      workingFilesExpireDays: wholeDays(ctx, 'workingFilesExpireDays', 90),
      indexRetentionDays: wholeDays(ctx, 'indexRetentionDays', 730),
      auditLogRetentionDays: wholeDays(ctx, 'auditLogRetentionDays', 2557),
    },
    settings: {
      CHUNK_SIZE: text('chunkSize', '5000'),
      MAX_FILE_BYTES: text('maxFileBytes', String(2 * 1024 ** 3)),
      // The portal's download links: five minutes at most (shared/portal/downloads.ts).
      LINK_TTL_SECONDS: text('linkTtlSeconds', '300'),
      SES_RATE_PER_SECOND: text('sesRatePerSecond', '10'),
    },
    signInDomainPrefix: text('signInDomainPrefix', 'tipline-mp-cybercell'),
  };
}
