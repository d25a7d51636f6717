/**
 * The portal's own routes of the API (docs/design.md §9): downloads through the API (role checked, then a
 * presigned link of at most five minutes), a case's identifiers, and a batch's not-actionable lists for HQ.
 * Thin like routes.ts: parse the path, call shared/, answer JSON; a Refusal becomes its status.
 */
import { json, type RouteHandler } from './api-result.js';
import { roleOf, type ApiEvent } from '../../shared/cases/identity.js';
import { caseIdSchema } from '../../shared/cases/requests.js';
import { showCase } from '../../shared/cases/case-service.js';
import { authorize } from '../../shared/cases/authorize.js';
import { Refusal } from '../../shared/cases/refusal.js';
import { checkBatchId, downloadLink, listDistrictFiles } from '../../shared/portal/downloads.js';
import { caseIdentifiers } from '../../shared/portal/case-identifiers.js';
import { notActionableLists } from '../../shared/portal/not-actionable-lists.js';

const param = (event: ApiEvent, name: string): string => event.pathParameters?.[name] ?? '';

/** The portal's handlers, by route key (shared/cases/api-routes.ts lists the routes). */
export const portalHandlers = {
  'GET /api/batches/{batchId}/districts/{district}/files': async (event) =>
    json(200, await listDistrictFiles(roleOf(event), param(event, 'batchId'), param(event, 'district'))),
  'GET /api/batches/{batchId}/districts/{district}/files/{name}': async (event) =>
    json(200, await downloadLink(roleOf(event), param(event, 'batchId'), param(event, 'district'), param(event, 'name'))),
  'GET /api/cases/{caseId}/identifiers': async (event) => {
    const parsed = caseIdSchema.safeParse(param(event, 'caseId'));
    if (!parsed.success) throw new Refusal('bad-request', 'bad caseId: a case ID looks like C- and 16 hex digits');
    // Read the case first: the lifecycle's own check decides who may see it (401, 403, 404).
    const kase = await showCase(parsed.data, roleOf(event));
    const found = kase.district ? await caseIdentifiers(kase.caseId, kase.batchId, kase.district) : undefined;
    if (!found) throw new Refusal('not-found', 'no identifiers are kept for this case (only for cases routed to a district as actionable)');
    return json(200, found);
  },
  'GET /api/batches/{batchId}/not-actionable': async (event) => {
    authorize(roleOf(event), { action: 'read-hq-lists' });
    const batchId = param(event, 'batchId');
    checkBatchId(batchId);
    return json(200, await notActionableLists(batchId));
  },
} satisfies Record<string, RouteHandler>;
