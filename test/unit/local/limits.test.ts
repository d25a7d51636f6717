/** The local runtime refuses, before it starts, what a deploy would refuse (local/limits.ts). */
import { CfnResolver, type CfnTemplate } from '../../../local/cfn.js';
import { checkFunctionEnvironments, checkStatePayload, checkTemplateRegion } from '../../../local/limits.js';

const withEnvironment = (variables: Record<string, unknown>): CfnTemplate => ({
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: variables } } },
    Table: { Type: 'AWS::DynamoDB::Table', Metadata: { 'aws:cdk:path': 'TiplineRouter/Storage/Table/Resource' } },
  },
});

describe('Lambda environments', () => {
  it('refuses one over 4 KB with the error the deploy gives', () => {
    const tooBig = new CfnResolver(withEnvironment({ RECIPIENTS_JSON: 'x'.repeat(4200) }));
    expect(() => checkFunctionEnvironments(tooBig)).toThrow(/Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit/);
    try {
      checkFunctionEnvironments(tooBig);
    } catch (err) {
      expect((err as Error).name).toBe('InvalidParameterValueException');
    }
  });

  it('measures resolved values (a Ref becomes the name), and passes one within 4 KB', () => {
    expect(() => checkFunctionEnvironments(new CfnResolver(withEnvironment({ TABLE: { Ref: 'Table' }, CHUNK_SIZE: '5000' })))).not.toThrow();
  });
});

describe('state payloads', () => {
  it('refuses over 256 KB as States.DataLimitExceeded', () => {
    expect(() => checkStatePayload({ blob: 'x'.repeat(256 * 1024) }, 'Classify')).toThrow(expect.objectContaining({ name: 'States.DataLimitExceeded' }));
    expect(() => checkStatePayload({ blob: 'x'.repeat(255 * 1024) }, 'Classify')).not.toThrow();
  });
});

describe('region', () => {
  it('refuses a template synthesized for another region, naming ap-south-1', () => {
    const template = (region: string) => ({ Resources: {}, Outputs: { Region: { Value: region } } }) as CfnTemplate;
    expect(() => checkTemplateRegion(template('us-east-1'))).toThrow(/region us-east-1 refused: Tipline Router runs in ap-south-1 only/);
    expect(() => checkTemplateRegion(template('ap-south-1'))).not.toThrow();
    expect(() => checkTemplateRegion({ Resources: {} })).toThrow(/no Region output/);
  });
});
