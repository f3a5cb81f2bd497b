/**
 * The stack's settings: every one has a default and can be changed with CDK context
 * (`npx cdk synth -c outputPrefix=recs`, or the "context" block of cdk.json). Nothing is looked up
 * in an AWS account, so `cdk synth` runs offline.
 */
export interface Settings {
  /** bucket name = `<bucketNamePrefix>-<account>-<region>` */
  readonly bucketNamePrefix: string;
  /** input root `s3://<bucket>/<inputPrefix>` (actions/, catalog/) */
  readonly inputPrefix: string;
  /** output root `s3://<bucket>/<outputPrefix>` (one folder per table, _runs/, _status/, latest.json) */
  readonly outputPrefix: string;
  /** where the job jar lives */
  readonly jarPrefix: string;
  /** where the settings file lives */
  readonly confPrefix: string;
  /** EMR Serverless driver and executor logs */
  readonly logPrefix: string;
  /** Athena query results of the workgroup */
  readonly athenaResultsPrefix: string;

  readonly abortIncompleteUploadsAfterDays: number;
  /** run copies under `<output>/_runs/` are deleted after this many days */
  readonly runCopiesRetentionDays: number;
  readonly athenaResultsRetentionDays: number;
  readonly logRetentionDays: number;

  readonly applicationName: string;
  readonly releaseLabel: string;
  readonly architecture: 'X86_64' | 'ARM64';
  readonly idleTimeoutMinutes: number;
  /** EMR Serverless maximum capacity, e.g. '16 vCPU', '64 GB', '400 GB' */
  readonly maxCpu: string;
  readonly maxMemory: string;
  readonly maxDisk: string;

  readonly secretName: string;
  readonly kmsAliasName: string;
  readonly jobRoleName?: string;

  readonly workGroupName: string;
  readonly bytesScannedCutoffPerQuery: number;
  readonly glueDatabaseName: string;
  /** false leaves the tables to the Athena DDL script (the database is still created) */
  readonly createGlueTables: boolean;
  /** the Athena DDL the Glue tables are generated from */
  readonly ddlDir?: string;
}

export const DEFAULT_SETTINGS: Settings = {
  bucketNamePrefix: 'alert-recs',
  inputPrefix: 'raw',
  outputPrefix: 'recs',
  jarPrefix: 'jars',
  confPrefix: 'conf',
  logPrefix: 'logs/emr-serverless',
  athenaResultsPrefix: 'athena-results',
  abortIncompleteUploadsAfterDays: 7,
  runCopiesRetentionDays: 30,
  athenaResultsRetentionDays: 30,
  logRetentionDays: 90,
  applicationName: 'alert-recs',
  releaseLabel: 'emr-7.12.0',
  architecture: 'X86_64',
  idleTimeoutMinutes: 15,
  maxCpu: '16 vCPU',
  maxMemory: '64 GB',
  maxDisk: '400 GB',
  secretName: 'alert-recs/user-hash-key',
  kmsAliasName: 'alias/alert-recs',
  workGroupName: 'alert-recs',
  bytesScannedCutoffPerQuery: 10 * 1024 * 1024 * 1024,
  glueDatabaseName: 'alert_recs',
  createGlueTables: true,
};

type Raw = Record<string, unknown>;

const PREFIX_KEYS = ['inputPrefix', 'outputPrefix', 'jarPrefix', 'confPrefix', 'logPrefix', 'athenaResultsPrefix'] as const;
const DAY_KEYS = [
  'abortIncompleteUploadsAfterDays',
  'runCopiesRetentionDays',
  'athenaResultsRetentionDays',
  'logRetentionDays',
] as const;

function asString(key: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`setting ${key} must be a non-empty string, got ${JSON.stringify(v)}`);
  return v.trim();
}

function asInt(key: string, v: unknown, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`setting ${key} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return n;
}

function asBool(key: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Error(`setting ${key} must be true or false, got ${JSON.stringify(v)}`);
}

/** A key prefix without leading or trailing slash, of safe characters, e.g. `logs/emr-serverless`. */
function asPrefix(key: string, v: unknown): string {
  const s = asString(key, v).replace(/^\/+|\/+$/g, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(s) || s.includes('//')) {
    throw new Error(`setting ${key} must be an S3 key prefix like 'recs' or 'logs/emr', got ${JSON.stringify(v)}`);
  }
  return s;
}

/**
 * Builds the settings from context values (strings from `-c key=value`, or JSON values from
 * cdk.json); unknown keys are ignored here because CDK context also holds feature flags.
 */
export function resolveSettings(getContext: (key: string) => unknown): Settings {
  const raw: Raw = {};
  for (const key of Object.keys(DEFAULT_SETTINGS).concat(['jobRoleName', 'ddlDir'])) {
    const v = getContext(key);
    if (v !== undefined) raw[key] = v;
  }
  const s: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, v] of Object.entries(raw)) {
    if ((PREFIX_KEYS as readonly string[]).includes(key)) s[key] = asPrefix(key, v);
    else if ((DAY_KEYS as readonly string[]).includes(key)) s[key] = asInt(key, v, 1, 3650);
    else if (key === 'idleTimeoutMinutes') s[key] = asInt(key, v, 1, 10080);
    else if (key === 'bytesScannedCutoffPerQuery') s[key] = asInt(key, v, 10_000_000, Number.MAX_SAFE_INTEGER);
    else if (key === 'createGlueTables') s[key] = asBool(key, v);
    else s[key] = asString(key, v);
  }
  const settings = s as unknown as Settings;

  if (settings.architecture !== 'X86_64' && settings.architecture !== 'ARM64') {
    throw new Error(`setting architecture must be X86_64 or ARM64, got ${settings.architecture}`);
  }
  if (!/^emr-7\.\d+\.\d+$/.test(settings.releaseLabel)) {
    throw new Error(`setting releaseLabel must be an EMR 7.x release (Spark 3.5, Java 17) like emr-7.12.0, got ${settings.releaseLabel}`);
  }
  // Patterns of AWS::EMRServerless::Application MaximumAllowedResources (CloudFormation reference)
  const capacity: Array<[keyof Settings, RegExp, string]> = [
    ['maxCpu', /^[1-9][0-9]*(\s)?(vCPU|vcpu|VCPU)?$/, "like '16 vCPU'"],
    ['maxMemory', /^[1-9][0-9]*(\s)?(GB|gb|gB|Gb)?$/, "like '64 GB'"],
    ['maxDisk', /^[1-9][0-9]*(\s)?(GB|gb|gB|Gb)$/, "like '400 GB'"],
  ];
  for (const [key, re, example] of capacity) {
    const v = settings[key] as string;
    if (!re.test(v) || v.length > 15) throw new Error(`setting ${key} must be ${example}, got ${v}`);
  }
  if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(settings.bucketNamePrefix)) {
    throw new Error(`setting bucketNamePrefix must be 1-31 lower-case letters, digits or '-', got ${settings.bucketNamePrefix}`);
  }
  if (!/^[a-z0-9_]{1,255}$/.test(settings.glueDatabaseName)) {
    throw new Error(`setting glueDatabaseName must be lower-case letters, digits and '_', got ${settings.glueDatabaseName}`);
  }
  if (!settings.kmsAliasName.startsWith('alias/')) {
    throw new Error(`setting kmsAliasName must start with alias/, got ${settings.kmsAliasName}`);
  }
  // The job's prefixes must not nest: the role's read-only prefixes would otherwise be writable.
  const prefixes = PREFIX_KEYS.map((k) => [k, settings[k]] as const);
  for (const [ka, a] of prefixes) {
    for (const [kb, b] of prefixes) {
      if (ka !== kb && (a === b || b.startsWith(`${a}/`))) {
        throw new Error(`settings ${ka} (${a}) and ${kb} (${b}) overlap; give each its own prefix`);
      }
    }
  }
  return settings;
}
