#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { AlertRecsStack } from '../lib/alert-recs-stack';
import { resolveSettings } from '../lib/settings';

const app = new cdk.App();
const settings = resolveSettings((key) => app.node.tryGetContext(key));
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'AlertRecs';

// No env: the stack is environment-agnostic (account and region are CloudFormation pseudo
// parameters), so synth needs no AWS credentials and makes no lookups. `cdk deploy` takes the
// account and region of the credentials it runs with.
new AlertRecsStack(app, stackName, {
  settings,
  description: 'alert-recs: bucket, KMS key, user-hash secret, job role, EMR Serverless application, Athena workgroup, Glue tables',
});
