/** What a route of the API answers (payload 2.0): a status, JSON headers, a JSON body; and the route table's shape. */
import type { Context } from 'aws-lambda';
import type { ApiEvent } from '../../shared/cases/identity.js';

export interface ApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
export type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

export const json = (statusCode: number, value: unknown): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  body: JSON.stringify(value),
});
