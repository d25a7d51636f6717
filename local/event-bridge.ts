/**
 * EventBridge, as far as this stack uses it: turn an s3rver notification into the "Object Created" event
 * S3 sends to EventBridge, and match it against the stack's rule pattern (taken from the template).
 */
import type { S3rverEventRecord } from 's3rver';
import type { CfnResolver } from './cfn.js';
import type { ObjectCreatedEvent } from '../shared/model/workflow.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './cfn.js';

export function toObjectCreatedEvent(record: S3rverEventRecord): ObjectCreatedEvent | undefined {
  if (!record.eventName.startsWith('ObjectCreated:')) return undefined;
  const { bucket, object } = record.s3;
  return {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    time: record.eventTime,
    detail: {
      bucket: { name: bucket.name },
      object: {
        // S3 notifications URL-encode keys (+ for space); EventBridge events carry them decoded.
        key: decodeURIComponent(object.key.replace(/\+/g, ' ')),
        size: object.size,
        etag: object.eTag,
        sequencer: object.sequencer,
      },
    },
    ...({ version: '0', id: crypto.randomUUID(), account: LOCAL_ACCOUNT, region: LOCAL_REGION, resources: [`arn:aws:s3:::${bucket.name}`] } as object),
  } as ObjectCreatedEvent;
}

type Pattern = { [k: string]: Pattern | (string | { prefix: string })[] };

function matches(pattern: Pattern, value: unknown): boolean {
  return Object.entries(pattern).every(([k, expected]) => {
    const actual = (value as Record<string, unknown> | undefined)?.[k];
    if (Array.isArray(expected)) {
      return expected.some((e) => (typeof e === 'string' ? actual === e : typeof actual === 'string' && actual.startsWith(e.prefix)));
    }
    return matches(expected, actual);
  });
}

/** The rule's pattern, resolved; `matchesRule(event)` is what EventBridge would decide. */
export function ruleMatcher(resolver: CfnResolver): (event: ObjectCreatedEvent) => boolean {
  const rules = resolver.resourcesOfType('AWS::Events::Rule');
  if (rules.length !== 1) throw new Error(`expected one EventBridge rule in the template, found ${rules.length}`);
  const pattern = resolver.resolve(rules[0]![1].Properties?.EventPattern) as Pattern;
  return (event) => matches(pattern, event);
}
