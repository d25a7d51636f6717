/**
 * Sends one email through SES v2, at most once per ledger slot, paced to the configured sending rate.
 * Throttling is retried by the SDK's own backoff; what still fails is marked FAILED and thrown, so the
 * state machine retries the step and the slot can be claimed again.
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from './ses-client.js';
import { config, resource } from '../config.js';
import { claimEmail, markEmail } from './email-ledger.js';
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

export type SendOutcome = 'sent' | 'already-sent' | 'uncertain';

export async function sendOnce(batchId: string, slot: string, to: string, email: RenderedEmail): Promise<SendOutcome> {
  const claim = await claimEmail(batchId, slot, to);
  if (claim === 'SENT') return 'already-sent';
  if (claim === 'PENDING') return 'uncertain';
  await pace();
  let messageId: string | undefined;
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
    messageId = out.MessageId;
  } catch (err) {
    await markEmail(batchId, slot, 'FAILED');
    throw err;
  }
  await markEmail(batchId, slot, 'SENT', messageId);
  return 'sent';
}
