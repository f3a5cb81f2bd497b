import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  aws_athena as athena,
  aws_emrserverless as emrserverless,
  aws_glue as glue,
  aws_iam as iam,
  aws_kms as kms,
  aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { DdlTable, loadAthenaDdl, OUTPUT_ROOT_PLACEHOLDER } from './ddl';
import { DEFAULT_SETTINGS, Settings } from './settings';

export interface AlertRecsStackProps extends cdk.StackProps {
  readonly settings?: Settings;
  /** the parsed Athena DDL; read from `settings.ddlDir` (default `../sql/athena/`) when absent */
  readonly tables?: DdlTable[];
}

const PARQUET_INPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
const PARQUET_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat';
const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

/**
 * Everything alert-recs needs on AWS for EMR Serverless: one bucket (input, output, jar, settings,
 * logs, Athena results), a KMS key that encrypts the bucket, the secret and the query results, the
 * user-hash secret, the job runtime role, the EMR Serverless application, an Athena workgroup and
 * the Glue database and tables (with partition projection) generated from `sql/athena/*.sql`.
 */
export class AlertRecsStack extends cdk.Stack {
  readonly settings: Settings;
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly secret: secretsmanager.Secret;
  readonly jobRole: iam.Role;
  readonly application: emrserverless.CfnApplication;
  readonly workGroup: athena.CfnWorkGroup;
  readonly database: glue.CfnDatabase;
  readonly tables: glue.CfnTable[] = [];

  constructor(scope: Construct, id: string, props: AlertRecsStackProps = {}) {
    super(scope, id, props);
    const s = (this.settings = props.settings ?? DEFAULT_SETTINGS);

    // ---------------------------------------------------------------------------------------
    // KMS key: encrypts the bucket (SSE-KMS), the user-hash secret and the Athena results.
    // The default key policy lets the account's IAM policies grant its use; the job role gets it
    // through its own policy below, limited to calls made through S3 and Secrets Manager.
    // ---------------------------------------------------------------------------------------
    this.key = new kms.Key(this, 'Key', {
      description: 'alert-recs: data bucket, user-hash secret and Athena results',
      enableKeyRotation: true,
      alias: s.kmsAliasName,
      // Deleting the key makes every object and the secret unreadable: keep it when the stack goes.
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });

    // ---------------------------------------------------------------------------------------
    // Bucket
    // ---------------------------------------------------------------------------------------
    const output = s.outputPrefix;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: `${s.bucketNamePrefix}-${cdk.Aws.ACCOUNT_ID}-${cdk.Aws.REGION}`,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // one data key per bucket instead of one KMS call per object: far fewer KMS requests
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          enabled: true,
          abortIncompleteMultipartUploadAfter: cdk.Duration.days(s.abortIncompleteUploadsAfterDays),
        },
        {
          // <output>/_runs/dt=D/<run_id>/<table>/ are the run's own copies; the published tables,
          // the manifests and <output>/_status/ are under other prefixes and are kept.
          id: 'expire-run-copies',
          enabled: true,
          prefix: `${output}/_runs/`,
          expiration: cdk.Duration.days(s.runCopiesRetentionDays),
        },
        {
          id: 'expire-athena-results',
          enabled: true,
          prefix: `${s.athenaResultsPrefix}/`,
          expiration: cdk.Duration.days(s.athenaResultsRetentionDays),
        },
        {
          id: 'expire-emr-serverless-logs',
          enabled: true,
          prefix: `${s.logPrefix}/`,
          expiration: cdk.Duration.days(s.logRetentionDays),
        },
      ],
    });
    const bucketName = this.bucket.bucketName;
    const s3Uri = (prefix: string) => `s3://${bucketName}/${prefix}`;
    const outputRoot = s3Uri(output); // no trailing slash, as the job's --output and the DDL expect

    // ---------------------------------------------------------------------------------------
    // User-hash secret: a generated random string, encrypted with the key. EMR Serverless
    // resolves `EMR.secret@<name>` at run time with the job role's permissions.
    // ---------------------------------------------------------------------------------------
    this.secret = new secretsmanager.Secret(this, 'UserHashKey', {
      secretName: s.secretName,
      description: 'alert-recs: key of the keyed user hash (investigations.user_hash). Changing it changes every hash.',
      encryptionKey: this.key,
      generateSecretString: {
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
      // a new key would change every user_hash already published: keep it
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });

    // ---------------------------------------------------------------------------------------
    // Job runtime role (EMR Serverless execution role)
    // ---------------------------------------------------------------------------------------
    this.jobRole = new iam.Role(this, 'JobRole', {
      roleName: s.jobRoleName,
      description: 'alert-recs: EMR Serverless job runtime role',
      assumedBy: new iam.ServicePrincipal('emr-serverless.amazonaws.com'),
    });
    const objects = (prefix: string) => this.bucket.arnForObjects(`${prefix}/*`);
    const listPrefixes = [s.inputPrefix, output, s.jarPrefix, s.confPrefix].flatMap((p) => [p, `${p}/`, `${p}/*`]);
    const policy = new iam.Policy(this, 'JobPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'ListJobPrefixes',
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': listPrefixes } },
        }),
        new iam.PolicyStatement({
          // S3A looks up the bucket's region; its committers list and abort pending uploads
          sid: 'BucketMetadata',
          actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
          resources: [this.bucket.bucketArn],
        }),
        new iam.PolicyStatement({
          // S3A's getFileStatus probes a path as an object first (HEAD <key>), also the parents of
          // a directory it creates: without this a HEAD of `recs` is denied (403), not "absent"
          sid: 'ProbeRoots',
          actions: ['s3:GetObject'],
          resources: [...new Set([...ancestors(s.inputPrefix), ...ancestors(output)])].map((k) => this.bucket.arnForObjects(k)),
        }),
        new iam.PolicyStatement({
          sid: 'ReadInputJarAndSettings',
          actions: ['s3:GetObject'],
          resources: [objects(s.inputPrefix), objects(s.jarPrefix), objects(s.confPrefix)],
        }),
        new iam.PolicyStatement({
          // a rerun replaces a date's files (DeleteObject); S3A writes through multipart uploads
          sid: 'ReadWriteOutput',
          actions: [
            's3:GetObject',
            's3:PutObject',
            's3:DeleteObject',
            's3:AbortMultipartUpload',
            's3:ListMultipartUploadParts',
          ],
          resources: [objects(output)],
        }),
        new iam.PolicyStatement({
          sid: 'WriteLogs',
          actions: ['s3:PutObject'],
          resources: [objects(s.logPrefix)],
        }),
        new iam.PolicyStatement({
          // SSE-KMS objects: read (Decrypt) and write (GenerateDataKey), only through S3
          sid: 'UseKeyThroughS3',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${cdk.Aws.REGION}.amazonaws.com` } },
        }),
      ],
    });
    policy.attachToRole(this.jobRole);
    // secretsmanager:GetSecretValue + DescribeSecret on this secret only, and kms:Decrypt through
    // Secrets Manager (kms:ViaService secretsmanager.<region>.amazonaws.com)
    this.secret.grantRead(this.jobRole);
    // No Glue permissions: the job reads and writes files only; analysts query through Athena.

    // ---------------------------------------------------------------------------------------
    // EMR Serverless application
    // ---------------------------------------------------------------------------------------
    this.application = new emrserverless.CfnApplication(this, 'Application', {
      name: s.applicationName,
      type: 'Spark',
      releaseLabel: s.releaseLabel,
      architecture: s.architecture,
      autoStartConfiguration: { enabled: true },
      autoStopConfiguration: { enabled: true, idleTimeoutMinutes: s.idleTimeoutMinutes },
      maximumCapacity: { cpu: s.maxCpu, memory: s.maxMemory, disk: s.maxDisk },
      monitoringConfiguration: {
        s3MonitoringConfiguration: { logUri: `${s3Uri(s.logPrefix)}/` },
      },
    });

    // ---------------------------------------------------------------------------------------
    // Athena workgroup
    // ---------------------------------------------------------------------------------------
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: s.workGroupName,
      description: 'alert-recs: queries over the job output',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: s.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `${s3Uri(s.athenaResultsPrefix)}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.key.keyArn },
        },
      },
    });

    // ---------------------------------------------------------------------------------------
    // Glue database and tables, generated from sql/athena/*.sql
    // ---------------------------------------------------------------------------------------
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: cdk.Aws.ACCOUNT_ID,
      databaseInput: {
        name: s.glueDatabaseName,
        description: 'alert-recs output tables (partition projection on dt)',
      },
    });
    if (s.createGlueTables) {
      const ddl = props.tables ?? loadAthenaDdl(s.ddlDir);
      for (const t of ddl) {
        this.tables.push(this.glueTable(t, outputRoot));
      }
    }

    // ---------------------------------------------------------------------------------------
    // Outputs for the scripts and the DAG
    // ---------------------------------------------------------------------------------------
    const out = (id: string, value: string, description: string) => new cdk.CfnOutput(this, id, { value, description });
    out('BucketName', bucketName, 'the bucket (scripts: --bucket)');
    out('InputRoot', s3Uri(s.inputPrefix), 'the job --input root');
    out('OutputRoot', outputRoot, 'the job --output root (also ${OUTPUT_ROOT} of sql/athena)');
    out('JarUri', `${s3Uri(s.jarPrefix)}/alert-recs.jar`, 'where the job jar goes');
    out('ConfUri', `${s3Uri(s.confPrefix)}/emr.properties`, 'where the settings file goes');
    out('LogUri', `${s3Uri(s.logPrefix)}/`, 'EMR Serverless logs');
    out('ApplicationId', this.application.attrApplicationId, 'EMR Serverless application id (--application-id)');
    out('JobRoleArn', this.jobRole.roleArn, 'job runtime role (--execution-role-arn)');
    out('HashKeySecretArn', this.secret.secretArn, 'user-hash key secret');
    out('HashKeySecretName', s.secretName, 'user-hash key secret name (--hash-key-secret)');
    out('KmsKeyArn', this.key.keyArn, 'KMS key of the bucket, the secret and the Athena results');
    out('AthenaWorkGroup', this.workGroup.ref, 'Athena workgroup (result location and encryption enforced)');
    out('GlueDatabase', s.glueDatabaseName, 'Glue database of the output tables');
  }

  private glueTable(t: DdlTable, outputRoot: string): glue.CfnTable {
    const withRoot = (v: string) => v.split(OUTPUT_ROOT_PLACEHOLDER).join(outputRoot);
    const parameters: Record<string, string> = {
      EXTERNAL: 'TRUE',
      classification: 'parquet',
    };
    for (const [k, v] of Object.entries(t.tblProperties)) parameters[k] = withRoot(v);
    const col = (c: { name: string; type: string; comment?: string }) =>
      c.comment === undefined ? { name: c.name, type: c.type } : { name: c.name, type: c.type, comment: c.comment };

    return new glue.CfnTable(this, `Table-${t.name}`, {
      catalogId: cdk.Aws.ACCOUNT_ID,
      databaseName: this.database.ref, // a reference, so each table depends on the database
      tableInput: {
        name: t.name,
        tableType: 'EXTERNAL_TABLE',
        parameters,
        partitionKeys: t.partitionKeys.map(col),
        storageDescriptor: {
          columns: t.columns.map(col),
          location: `${outputRoot}/${t.locationSuffix}`,
          inputFormat: PARQUET_INPUT_FORMAT,
          outputFormat: PARQUET_OUTPUT_FORMAT,
          serdeInfo: { serializationLibrary: PARQUET_SERDE, parameters: { 'serialization.format': '1' } },
          compressed: false,
          storedAsSubDirectories: false,
        },
      },
    });
  }
}

/** `a/b/c` -> `a`, `a/b`, `a/b/c`: the keys S3A may probe on the way to a path. */
export function ancestors(prefix: string): string[] {
  const parts = prefix.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
