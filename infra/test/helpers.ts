import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AlertRecsStack, AlertRecsStackProps } from '../lib/alert-recs-stack';
import { DdlColumn } from '../lib/ddl';
import { resolveSettings } from '../lib/settings';

/** Synthesises the stack as `cdk synth` does, with the given context (strings, as from `-c k=v`). */
export function synth(context: Record<string, string> = {}, props: Omit<AlertRecsStackProps, 'settings'> = {}) {
  const app = new cdk.App({ context });
  const settings = resolveSettings((k) => app.node.tryGetContext(k));
  const stack = new AlertRecsStack(app, 'Test', { settings, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * Renders a CloudFormation value as a readable string: Fn::Join is joined, a Ref becomes
 * `<LogicalId>` (`<AWS::Region>` for pseudo parameters), a GetAtt `<LogicalId.Attr>`.
 */
export function render(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    if ('Ref' in o) return `<${o.Ref as string}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  throw new Error(`cannot render ${JSON.stringify(v)}`);
}

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export interface FlatStatement {
  policy: string;
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  conditions: unknown;
}

/** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
export function roleStatements(template: Template, roleLogicalId: string): FlatStatement[] {
  const out: FlatStatement[] = [];
  for (const [id, res] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    const roles = asArray(res.Properties.Roles).map(render);
    if (!roles.includes(`<${roleLogicalId}>`)) continue;
    for (const st of res.Properties.PolicyDocument.Statement) {
      out.push({
        policy: id,
        sid: st.Sid,
        effect: st.Effect,
        actions: asArray(st.Action),
        resources: asArray(st.Resource).map(render),
        conditions: st.Condition,
      });
    }
  }
  return out;
}

export function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** Differences between two column lists (name and type, in order); empty when they agree. */
export function columnDiff(table: string, actual: DdlColumn[], expected: DdlColumn[]): string[] {
  const diffs: string[] = [];
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!a) diffs.push(`${table}: column ${i + 1} ${e.name} ${e.type} is missing from Glue`);
    else if (!e) diffs.push(`${table}: Glue has extra column ${i + 1} ${a.name} ${a.type}`);
    else if (a.name !== e.name || a.type !== e.type) {
      diffs.push(`${table}: column ${i + 1} is ${a.name} ${a.type} in Glue, ${e.name} ${e.type} in the DDL`);
    }
  }
  return diffs;
}

/** Glue tables of a template by table name: columns and partition keys as {name, type}. */
export function glueTables(template: Template): Map<string, { columns: DdlColumn[]; partitionKeys: DdlColumn[]; res: any }> {
  const byName = new Map<string, { columns: DdlColumn[]; partitionKeys: DdlColumn[]; res: any }>();
  for (const res of Object.values(template.findResources('AWS::Glue::Table'))) {
    const ti = res.Properties.TableInput;
    const cols = (list: any[]) => list.map((c) => ({ name: c.Name as string, type: c.Type as string }));
    byName.set(ti.Name, { columns: cols(ti.StorageDescriptor.Columns), partitionKeys: cols(ti.PartitionKeys ?? []), res });
  }
  return byName;
}
