/**
 * Just enough CloudFormation to run the synthesized template locally: resource lookup and the intrinsic
 * functions the stack's definition and environment use (Ref, Fn::GetAtt, Fn::Join, Fn::Select, pseudo
 * parameters). Each resource gets a stable local physical name derived from its construct path.
 */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

import { DEPLOY_REGION } from '../shared/deploy-region.js';

/** The local stack lives where the deployed one does. */
export const LOCAL_REGION = DEPLOY_REGION;
export const LOCAL_ACCOUNT = '000000000000';

export class CfnResolver {
  constructor(private readonly template: CfnTemplate) {}

  resourcesOfType(type: string): [string, CfnResource][] {
    return Object.entries(this.template.Resources).filter(([, r]) => r.Type === type);
  }

  resource(logicalId: string): CfnResource {
    const r = this.template.Resources[logicalId];
    if (!r) throw new Error(`template has no resource ${logicalId}`);
    return r;
  }

  /** Local physical name: the construct path without the stack and "Resource", e.g. tipline-storage-ingestbucket. */
  physicalName(logicalId: string): string {
    const r = this.resource(logicalId);
    const cdkPath = String(r.Metadata?.['aws:cdk:path'] ?? logicalId);
    const parts = cdkPath.split('/').slice(1).filter((p) => p !== 'Resource' && p !== 'Default');
    const name = ['tipline', ...parts].join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    return name.slice(0, 63);
  }

  arn(logicalId: string): string {
    const r = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    switch (r.Type) {
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
      default:
        return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`;
    }
  }

  /** Resolve intrinsic functions in a value; anything unknown is an error, not a silent guess. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = obj[fn];
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, attr] = arg as [string, string];
          if (attr === 'Arn') return this.arn(id);
          // A CloudFront domain (the portal URL): locally the portal is `tipline serve`'s, set by the runtime.
          if (attr === 'DomainName') return `${this.physicalName(id)}.local`;
          throw new Error(`unsupported Fn::GetAtt ${id}.${attr}`);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return parts.map((p) => String(this.resolve(p))).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, unknown];
          return (this.resolve(list) as unknown[])[Number(index)];
        }
        case 'Fn::Split': {
          const [sep, source] = arg as [string, unknown];
          return String(this.resolve(source)).split(sep);
        }
      }
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(obj[k])]));
  }

  private ref(id: string): string {
    switch (id) {
      case 'AWS::Region':
        return LOCAL_REGION;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'TiplineRouter';
    }
    const r = this.resource(id);
    return r.Type === 'AWS::Lambda::Function' ? id : this.physicalName(id);
  }
}
