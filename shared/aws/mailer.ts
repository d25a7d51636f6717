/**
 * Sends one email through SES v2 per ledger slot (email-ledger.ts), paced to the configured sending rate.
 *
 * - Throttling and 5xx are retried by the SDK's own backoff; what still fails is marked FAILED and thrown,
 *   so the state machine retries the step and the slot can be claimed again.
 * - A refusal (MessageRejected, an unverified sender, a paused account, …) will not change on retry: the
 *   message is kept in the work bucket, the slot marked UNSENT with SES's reason, and the caller goes on —
 *   the batch's assignments stand, the run reports the message as unsent, an alarm fires (the "email unsent"
 *   log line feeds a metric), and `tipline resend` sends it later.
 * - A slot a crashed attempt left PENDING is sent again, marked as a possible repeat (at least once).
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from './ses-client.js';
import { config, resource } from '../config.js';
import { claimEmail, markFailed, markSent, markUnsent } from './email-ledger.js';
import { putText } from './object-store.js';
import { keys } from '../storage/keys.js';
import { markPossibleRepeat } from '../notify/repeat-marker.js';
import { logger } from '../logger.js';
import type { RenderedEmail } from '../notify/email-layout.js';

let nextSlotAt = 0;

/** Simple pacing: one send per 1/rate seconds from this process. */
async function pace(): Promise<void> {
  const interval = 1000 / config().SES_RATE_PER_SECOND;
  const now = Date.now();
  const wait = Math.max(0, nextSlotAt - now);
  nextSlotAt = Math.max(now, nextSlotAt) + interval;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** SES errors that say "not this message, not now", however often it is retried. */
export const REFUSALS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'LimitExceededException',
  'BadRequestException',
  'NotFoundException',
]);

export type SendOutcome =
  | { status: 'sent'; repeat: boolean }
  | { status: 'already-sent' }
  | { status: 'unsent'; reason: string };

/** The log line the unsent-email metric counts (infra/constructs/alarms.ts). No address, no content. */
export const UNSENT_LOG_MESSAGE = 'email unsent';

/** One SES call. A refusal comes back as `{ refused }`; anything else that fails is thrown. */
export async function deliver(to: string, email: RenderedEmail): Promise<{ messageId?: string } | { refused: string }> {
  await pace();
  try {
    const out = await sesClient().send(new SendEmailCommand({
      FromEmailAddress: resource('SES_SENDER'),
      Destination: { ToAddresses: [to] },
      ConfigurationSetName: config().SES_CONFIGURATION_SET,
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      },
    }));
    return { messageId: out.MessageId };
  } catch (err) {
    const e = err as Error;
    if (REFUSALS.has(e.name)) return { refused: `${e.name}: ${e.message}`.slice(0, 1000) };
    throw err;
  }
}

/** Send on a slot this attempt has claimed, and record the outcome in the ledger. */
export async function sendClaimed(batchId: string, slot: string, to: string, email: RenderedEmail, repeat: boolean): Promise<SendOutcome> {
  let result: Awaited<ReturnType<typeof deliver>>;
  try {
    result = await deliver(to, email);
  } catch (err) {
    await markFailed(batchId, slot);
    throw err;
  }
  if ('refused' in result) {
    // Kept for `tipline resend` where the function has the work bucket (the daily digest has none: it
    // reminds again on its next run).
    const bucket = config().WORK_BUCKET;
    const messageKey = bucket ? keys.unsentMessage(batchId, slot) : undefined;
    if (bucket && messageKey) await putText(bucket, messageKey, JSON.stringify({ to, email }), 'application/json');
    await markUnsent(batchId, slot, result.refused, messageKey);
    logger.warn(UNSENT_LOG_MESSAGE, { batchId, slot, refusal: result.refused.split(':')[0] });
    return { status: 'unsent', reason: result.refused };
  }
  await markSent(batchId, slot, result.messageId);
  return { status: 'sent', repeat };
}

/**
 * Send `email` for this slot unless it was already sent. A slot a crashed attempt left PENDING is sent
 * again with the possible-repeat marker in subject and body.
 */
export async function sendOnce(batchId: string, slot: string, to: string, email: RenderedEmail): Promise<SendOutcome> {
  const claim = await claimEmail(batchId, slot, to);
  if (claim.kind !== 'claimed') return { status: 'already-sent' }; // PENDING is not returned without pendingStaleMs
  return sendClaimed(batchId, slot, to, claim.repeat ? markPossibleRepeat(email) : email, claim.repeat);
}
