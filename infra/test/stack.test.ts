import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadAthenaDdl } from '../lib/ddl';
import { DEFAULT_SETTINGS, resolveSettings } from '../lib/settings';
import { asArray, columnDiff, glueTables, logicalIdOf, render, roleStatements, synth } from './helpers';

const DDL_DIR = path.resolve(__dirname, '..', '..', 'sql', 'athena');

let template: Template;
let stack: cdk.Stack;
let bucketId: string;
let keyId: string;
let roleId: string;
let secretId: string;

beforeAll(() => {
  ({ template, stack } = synth());
  bucketId = logicalIdOf(template, 'AWS::S3::Bucket');
  keyId = logicalIdOf(template, 'AWS::KMS::Key');
  roleId = logicalIdOf(template, 'AWS::IAM::Role');
  secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret');
});

describe('synth', () => {
  test('is environment-agnostic and needs no lookups (runs offline)', () => {
    expect(cdk.Token.isUnresolved(stack.account)).toBe(true);
    expect(cdk.Token.isUnresolved(stack.region)).toBe(true);
    const assembly = stack.node.root instanceof cdk.App ? stack.node.root.synth() : undefined;
    expect(assembly?.manifest.missing ?? []).toEqual([]);
  });
});

describe('bucket', () => {
  test('is encrypted with the stack key (SSE-KMS, bucket key on)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          },
        ],
      },
    });
  });

  test('blocks all public access and enforces bucket-owner ownership', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('denies every request without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('is named <prefix>-<account>-<region> and kept when the stack is deleted', () => {
    const [bucket] = Object.values(template.findResources('AWS::S3::Bucket'));
    expect(render(bucket.Properties.BucketName)).toBe('alert-recs-<AWS::AccountId>-<AWS::Region>');
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  test('lifecycle: aborts incomplete uploads, expires run copies, Athena results and logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
          Match.objectLike({ Status: 'Enabled', Prefix: 'recs/_runs/', ExpirationInDays: 30 }),
          Match.objectLike({ Status: 'Enabled', Prefix: 'athena-results/', ExpirationInDays: 30 }),
          Match.objectLike({ Status: 'Enabled', Prefix: 'logs/emr-serverless/', ExpirationInDays: 90 }),
        ]),
      },
    });
  });

  test('lifecycle: nothing expires the published tables, manifests, latest.json, _status/ objects, input or jar', () => {
    const [bucket] = Object.values(template.findResources('AWS::S3::Bucket'));
    const rules = bucket.Properties.LifecycleConfiguration.Rules as any[];
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined);
    expect(expiring.length).toBeGreaterThan(0);
    for (const r of expiring) expect(typeof r.Prefix).toBe('string'); // no bucket-wide expiry
    const kept = [
      'recs/_status/dt=2026-11-25.json',
      'recs/investigations/dt=2026-11-25/part-00000.parquet',
      'recs/runs/dt=2026-11-25/part-00000.parquet',
      'recs/manifests/dt=2026-11-25/manifest.json',
      'recs/latest.json',
      'raw/actions/dt=2026-11-25/part-0.json.gz',
      'jars/alert-recs.jar',
      'conf/emr.properties',
    ];
    for (const key of kept) {
      expect(expiring.filter((r) => key.startsWith(r.Prefix)).map((r) => r.Id)).toEqual([]);
    }
    // while the run copies do expire
    expect(expiring.some((r) => 'recs/_runs/dt=2026-11-25/r1/investigations/x.parquet'.startsWith(r.Prefix))).toBe(true);
  });
});

describe('KMS key and secret', () => {
  test('the key rotates and is kept when the stack is deleted', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/alert-recs', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('the secret is generated (no value in the template) and encrypted with the key', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: 'alert-recs/user-hash-key',
        Description: Match.anyValue(),
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
      },
      DeletionPolicy: 'Retain',
    });
    const [secret] = Object.values(template.findResources('AWS::SecretsManager::Secret'));
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  test('the key policy lets the job role decrypt through Secrets Manager only', () => {
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const forRole = (key.Properties.KeyPolicy.Statement as any[]).filter(
      (st) => st.Principal?.AWS && render(st.Principal.AWS) === `<${roleId}.Arn>`,
    );
    expect(forRole).toHaveLength(1);
    expect(forRole[0].Effect).toBe('Allow');
    expect(asArray(forRole[0].Action)).toEqual(['kms:Decrypt']);
    expect(render(forRole[0].Condition.StringEquals['kms:ViaService'])).toBe('secretsmanager.<AWS::Region>.amazonaws.com');
  });
});

describe('job role', () => {
  test('is trusted by EMR Serverless only', () => {
    const [role] = Object.values(template.findResources('AWS::IAM::Role'));
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'emr-serverless.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('least privilege: no wildcard action, no resource *, only Allow', () => {
    const statements = roleStatements(template, roleId);
    expect(statements.length).toBeGreaterThan(0);
    for (const st of statements) {
      expect(st.effect).toBe('Allow');
      for (const a of st.actions) expect(a).not.toMatch(/\*/);
      expect(st.resources).not.toContain('*');
    }
  });

  test('S3: read input, jar and settings; read/write the output prefix; write logs; nothing else', () => {
    const statements = roleStatements(template, roleId);
    const bucketArn = `<${bucketId}.Arn>`;
    const grants = new Map<string, Set<string>>();
    for (const st of statements) {
      for (const a of st.actions.filter((x) => x.startsWith('s3:'))) {
        for (const r of st.resources) {
          if (!grants.has(r)) grants.set(r, new Set());
          grants.get(r)!.add(a);
        }
      }
    }
    const sorted = (r: string) => [...(grants.get(r) ?? [])].sort();
    expect([...grants.keys()].sort()).toEqual(
      [
        bucketArn,
        `${bucketArn}/raw`,
        `${bucketArn}/raw/*`,
        `${bucketArn}/jars/*`,
        `${bucketArn}/conf/*`,
        `${bucketArn}/recs`,
        `${bucketArn}/recs/*`,
        `${bucketArn}/logs/emr-serverless/*`,
      ].sort(),
    );
    // the roots themselves can only be probed (S3A's HEAD of the path), not written
    expect(sorted(`${bucketArn}/raw`)).toEqual(['s3:GetObject']);
    expect(sorted(`${bucketArn}/recs`)).toEqual(['s3:GetObject']);
    expect(sorted(`${bucketArn}/raw/*`)).toEqual(['s3:GetObject']);
    expect(sorted(`${bucketArn}/jars/*`)).toEqual(['s3:GetObject']);
    expect(sorted(`${bucketArn}/conf/*`)).toEqual(['s3:GetObject']);
    expect(sorted(`${bucketArn}/logs/emr-serverless/*`)).toEqual(['s3:PutObject']);
    expect(sorted(`${bucketArn}/recs/*`)).toEqual(
      ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'].sort(),
    );
    expect(sorted(bucketArn)).toEqual(['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads']);
  });

  test('S3: listing is limited to the job prefixes', () => {
    const list = roleStatements(template, roleId).filter((st) => st.actions.includes('s3:ListBucket'));
    expect(list).toHaveLength(1);
    const prefixes = (list[0].conditions as any).StringLike['s3:prefix'] as string[];
    expect([...prefixes].sort()).toEqual(
      ['raw', 'raw/', 'raw/*', 'recs', 'recs/', 'recs/*', 'jars', 'jars/', 'jars/*', 'conf', 'conf/', 'conf/*'].sort(),
    );
  });

  test('KMS: decrypt and generate data keys on the stack key, through S3 only', () => {
    const kms = roleStatements(template, roleId).filter((st) => st.actions.some((a) => a.startsWith('kms:')));
    expect(kms).toHaveLength(1);
    expect(kms[0].actions.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(kms[0].resources).toEqual([`<${keyId}.Arn>`]);
    expect(render((kms[0].conditions as any).StringEquals['kms:ViaService'])).toBe('s3.<AWS::Region>.amazonaws.com');
  });

  test('Secrets Manager: reads the user-hash secret and no other', () => {
    const sm = roleStatements(template, roleId).filter((st) => st.actions.some((a) => a.startsWith('secretsmanager:')));
    expect(sm).toHaveLength(1);
    expect(sm[0].actions.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(sm[0].resources).toEqual([`<${secretId}>`]);
  });

  test('no Glue, Athena or IAM permissions (the job only reads and writes files)', () => {
    const services = new Set(roleStatements(template, roleId).flatMap((st) => st.actions.map((a) => a.split(':')[0])));
    expect([...services].sort()).toEqual(['kms', 's3', 'secretsmanager']);
  });

  test('prefixes come from the settings', () => {
    const { template: t } = synth({ inputPrefix: 'in/events', outputPrefix: 'out' });
    const b = logicalIdOf(t, 'AWS::S3::Bucket');
    const resources = roleStatements(t, logicalIdOf(t, 'AWS::IAM::Role')).flatMap((st) => st.resources);
    expect(resources).toEqual(expect.arrayContaining([`<${b}.Arn>/in/events/*`, `<${b}.Arn>/out/*`]));
    expect(resources).not.toContain(`<${b}.Arn>/raw/*`);
    expect(resources).not.toContain(`<${b}.Arn>/recs/*`);
    // the output root and its parent can be probed, not written
    const probe = roleStatements(t, logicalIdOf(t, 'AWS::IAM::Role')).find((st) => st.sid === 'ProbeRoots')!;
    expect(probe.actions).toEqual(['s3:GetObject']);
    expect(probe.resources.sort()).toEqual([`<${b}.Arn>/in`, `<${b}.Arn>/in/events`, `<${b}.Arn>/out`]);
    t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'out/_runs/' })]) },
    });
  });
});

describe('EMR Serverless application', () => {
  test('Spark on EMR 7.x with auto-start, auto-stop, maximum capacity and S3 logs', () => {
    const [app] = Object.values(template.findResources('AWS::EMRServerless::Application'));
    const p = app.Properties;
    expect(p.Type).toBe('Spark');
    expect(p.ReleaseLabel).toMatch(/^emr-7\.\d+\.\d+$/);
    expect(p.ReleaseLabel).toBe('emr-7.12.0');
    expect(p.Architecture).toBe('X86_64');
    expect(p.AutoStartConfiguration).toEqual({ Enabled: true });
    expect(p.AutoStopConfiguration).toEqual({ Enabled: true, IdleTimeoutMinutes: 15 });
    expect(p.MaximumCapacity).toEqual({ Cpu: '16 vCPU', Memory: '64 GB', Disk: '400 GB' });
    expect(render(p.MonitoringConfiguration.S3MonitoringConfiguration.LogUri)).toBe(`s3://<${bucketId}>/logs/emr-serverless/`);
  });

  test('capacity, idle timeout, architecture and release come from the settings', () => {
    const { template: t } = synth({ maxCpu: '8 vCPU', maxMemory: '32 GB', maxDisk: '100 GB', idleTimeoutMinutes: '5', architecture: 'ARM64', releaseLabel: 'emr-7.10.0' });
    t.hasResourceProperties('AWS::EMRServerless::Application', {
      ReleaseLabel: 'emr-7.10.0',
      Architecture: 'ARM64',
      AutoStopConfiguration: { Enabled: true, IdleTimeoutMinutes: 5 },
      MaximumCapacity: { Cpu: '8 vCPU', Memory: '32 GB', Disk: '100 GB' },
    });
  });
});

describe('Athena workgroup', () => {
  test('enforces its configuration: result location in the bucket, SSE-KMS with the key, engine 3', () => {
    const [wg] = Object.values(template.findResources('AWS::Athena::WorkGroup'));
    const c = wg.Properties.WorkGroupConfiguration;
    expect(wg.Properties.Name).toBe('alert-recs');
    expect(c.EnforceWorkGroupConfiguration).toBe(true);
    expect(render(c.ResultConfiguration.OutputLocation)).toBe(`s3://<${bucketId}>/athena-results/`);
    expect(c.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
    expect(render(c.ResultConfiguration.EncryptionConfiguration.KmsKey)).toBe(`<${keyId}.Arn>`);
    expect(c.EngineVersion).toEqual({ SelectedEngineVersion: 'Athena engine version 3' });
    expect(c.BytesScannedCutoffPerQuery).toBeGreaterThanOrEqual(10_000_000);
  });
});

describe('Glue tables', () => {
  const ddl = loadAthenaDdl(DDL_DIR);

  test('one database and one table per sql/athena/*.sql file', () => {
    template.resourceCountIs('AWS::Glue::Database', 1);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'alert_recs', Description: Match.anyValue() } });
    expect(ddl.length).toBeGreaterThanOrEqual(7);
    template.resourceCountIs('AWS::Glue::Table', ddl.length);
    expect([...glueTables(template).keys()].sort()).toEqual(ddl.map((t) => t.name).sort());
  });

  test('each table: external Parquet in the database, at <output>/<table>/, partition projection on dt', () => {
    const tables = glueTables(template);
    for (const t of ddl) {
      const res = tables.get(t.name)!.res;
      expect(res.Properties.DatabaseName).toEqual({ Ref: logicalIdOf(template, 'AWS::Glue::Database') });
      const ti = res.Properties.TableInput;
      expect(ti.TableType).toBe('EXTERNAL_TABLE');
      expect(ti.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
      expect(render(ti.StorageDescriptor.Location)).toBe(`s3://<${bucketId}>/recs/${t.name}/`);
      expect(ti.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
      expect(ti.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
      const params = ti.Parameters;
      expect(params['projection.enabled']).toBe('true');
      expect(params['projection.dt.type']).toBe('date');
      expect(params['projection.dt.format']).toBe('yyyy-MM-dd');
      expect(params['projection.dt.range']).toMatch(/^\d{4}-\d{2}-\d{2},NOW$/);
      expect(params['projection.dt.range']).toBe(t.tblProperties['projection.dt.range']);
      // ${dt} is Athena's own placeholder and must reach Glue as it is
      expect(render(params['storage.location.template'])).toBe(`s3://<${bucketId}>/recs/${t.name}/dt=\${dt}/`);
      // every table property of the DDL reaches Glue, with ${OUTPUT_ROOT} replaced
      for (const k of Object.keys(t.tblProperties)) expect(render(params[k])).not.toContain('${OUTPUT_ROOT}');
      expect(Object.keys(params)).toEqual(expect.arrayContaining(Object.keys(t.tblProperties)));
    }
  });

  test('DRIFT: Glue columns (names and types, in order) equal the columns of sql/athena/*.sql', () => {
    const tables = glueTables(template);
    const diffs = ddl.flatMap((t) => [
      ...columnDiff(t.name, tables.get(t.name)!.columns, t.columns.map(({ name, type }) => ({ name, type }))),
      ...columnDiff(`${t.name} (partition)`, tables.get(t.name)!.partitionKeys, t.partitionKeys),
    ]);
    expect(diffs).toEqual([]);
    // and the comparison is not vacuous
    expect(tables.get('runs')!.columns.find((c) => c.name === 'checks')!.type).toBe(
      'array<struct<name:string,severity:string,passed:boolean,observed:string>>',
    );
    expect(tables.get('recommendations')!.columns.map((c) => c.name)).toContain('rank');
    expect(tables.get('next_steps')!.columns.slice(0, 6)).toEqual([
      { name: 'account_id', type: 'string' },
      { name: 'alert_id', type: 'string' },
      { name: 'after_item_type', type: 'string' },
      { name: 'after_item_id', type: 'string' },
      { name: 'after_item_label', type: 'string' },
      { name: 'rank', type: 'int' },
    ]);
  });

  test('DRIFT: a stack built from a DDL that differs is caught by the same comparison', () => {
    const altered = ddl.map((t) =>
      t.name !== 'investigations'
        ? t
        : { ...t, columns: t.columns.map((c) => (c.name === 'duration_s' ? { ...c, type: 'float' } : c)).concat([{ name: 'extra', type: 'string' }]) },
    );
    const { template: t2 } = synth({}, { tables: altered });
    const inv = ddl.find((t) => t.name === 'investigations')!;
    const diffs = columnDiff('investigations', glueTables(t2).get('investigations')!.columns, inv.columns.map(({ name, type }) => ({ name, type })));
    expect(diffs).toEqual([
      'investigations: column 7 is duration_s float in Glue, duration_s double in the DDL',
      `investigations: Glue has extra column ${inv.columns.length + 1} extra string`,
    ]);
  });

  test('createGlueTables=false leaves the tables to the Athena DDL script', () => {
    const { template: t } = synth({ createGlueTables: 'false' });
    t.resourceCountIs('AWS::Glue::Table', 0);
    t.resourceCountIs('AWS::Glue::Database', 1);
  });
});

describe('outputs', () => {
  test('name what the scripts need', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['BucketName', 'OutputRoot', 'InputRoot', 'JarUri', 'ApplicationId', 'JobRoleArn', 'HashKeySecretArn', 'HashKeySecretName', 'AthenaWorkGroup', 'GlueDatabase', 'LogUri']),
    );
    expect(outputs.ApplicationId.Value).toEqual({ 'Fn::GetAtt': ['Application', 'ApplicationId'] });
    expect(outputs.JobRoleArn.Value).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(outputs.HashKeySecretArn.Value).toEqual({ Ref: secretId });
    expect(render(outputs.OutputRoot.Value)).toBe(`s3://<${bucketId}>/recs`);
    expect(outputs.HashKeySecretName.Value).toBe('alert-recs/user-hash-key');
  });
});

describe('settings', () => {
  const ctx = (values: Record<string, unknown>) => (k: string) => values[k];

  test('defaults without context', () => {
    expect(resolveSettings(ctx({}))).toEqual(DEFAULT_SETTINGS);
  });

  test('context strings are converted and prefixes trimmed of slashes', () => {
    const s = resolveSettings(ctx({ outputPrefix: '/out/', runCopiesRetentionDays: '14', createGlueTables: 'false' }));
    expect(s.outputPrefix).toBe('out');
    expect(s.runCopiesRetentionDays).toBe(14);
    expect(s.createGlueTables).toBe(false);
  });

  test.each([
    [{ architecture: 'SPARC' }, /architecture/],
    [{ releaseLabel: 'emr-6.15.0' }, /EMR 7\.x/],
    [{ runCopiesRetentionDays: '0' }, /runCopiesRetentionDays/],
    [{ idleTimeoutMinutes: 'soon' }, /idleTimeoutMinutes/],
    [{ outputPrefix: 'raw/out' }, /overlap/],
    [{ jarPrefix: 'recs' }, /overlap/],
    [{ inputPrefix: 'a b' }, /key prefix/],
    [{ bucketNamePrefix: 'Alert_Recs' }, /bucketNamePrefix/],
    [{ createGlueTables: 'yes' }, /createGlueTables/],
    [{ maxCpu: '16 cores' }, /maxCpu/],
    [{ maxMemory: '64 GiB' }, /maxMemory/],
    [{ maxDisk: '400' }, /maxDisk/],
  ])('rejects %j', (values, message) => {
    expect(() => resolveSettings(ctx(values))).toThrow(message);
  });
});
