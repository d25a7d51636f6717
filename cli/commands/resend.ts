/**
 * `tipline resend --batch ID [--json]`: send the batch's messages SES refused, exactly once each
 * (shared/pipeline/resend-unsent.ts). Locally against the data dir's services (a running `tipline serve`'s,
 * or its own); with --aws against the deployed stack named by its outputs, through the same code.
 */
import { resendUnsent, type ResendResult } from '../../shared/pipeline/resend-unsent.js';
import { resetConfig } from '../../shared/config.js';
import { resetClients } from '../../shared/aws/clients.js';
import type { WriteStream } from 'node:fs';
import { resolveAwsTarget, type AwsOptions } from '../aws-runs.js';
import { captureLogLines } from '../../local/log-capture.js';
import { withLocalServices } from '../local-services.js';
import { print, printJson, progress } from '../output.js';

const USAGE = 'usage: tipline resend --batch ID [--json] [--aws --stack-outputs FILE]';

async function resendOnAws(batchId: string, opts: AwsOptions): Promise<ResendResult> {
  const target = await resolveAwsTarget(opts, ['BatchesTableName', 'WorkBucketName']);
  const outputs = target.outputs ?? {};
  const needed = { BATCHES_TABLE: target.batchesTable, WORK_BUCKET: target.workBucket, SES_SENDER: outputs.SesSender };
  const missing = Object.entries(needed).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw new Error(`--aws resend needs the stack outputs BatchesTableName, WorkBucketName and SesSender (--stack-outputs FILE); missing ${missing.join(', ')}`);
  Object.assign(process.env, needed, target.region ? { AWS_REGION: target.region } : {});
  if (outputs.SesConfigurationSetName) process.env.SES_CONFIGURATION_SET = outputs.SesConfigurationSetName;
  resetConfig();
  resetClients();
  // The shared code logs as a Lambda would (JSON on stdout): here those lines go to stderr, off the --json output.
  const toStderr = process.stderr.write.bind(process.stderr);
  const restore = captureLogLines({ write: (line: string) => toStderr(line) } as unknown as WriteStream);
  try {
    return await resendUnsent(batchId);
  } finally {
    restore();
  }
}

export async function resendCommand(opts: AwsOptions & { batch?: string; json: boolean; dataDir: string; aws?: boolean }): Promise<number> {
  if (!opts.batch) throw new Error(USAGE);
  const batchId = opts.batch;
  const result = opts.aws
    ? await resendOnAws(batchId, opts)
    : await withLocalServices(opts.dataDir, (source) => {
        if (!opts.json) progress(`Resending unsent messages of ${batchId} through ${source} …`);
        return resendUnsent(batchId);
      });
  if (opts.json) printJson(result);
  else {
    print(`${result.batchId}: sent ${result.sent}; still unsent ${result.unsent.length}${result.inFlight ? `; being sent by another resend ${result.inFlight}` : ''}`);
    for (const u of result.unsent) print(`  not sent: ${u.to} — ${u.reason}`);
  }
  return result.unsent.length === 0 ? 0 : 1;
}
