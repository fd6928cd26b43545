// `npx cdk synth|deploy -c stage=dev`: one stack per stage, checked by cdk-nag's AwsSolutions pack.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CheckoutStack } from './stack';
import { stackConfigFromContext } from './stack-config';

const app = new App();
const config = stackConfigFromContext((key) => app.node.tryGetContext(key));

// Env-agnostic unless the CLI knows an account (`cdk deploy` with credentials): synth works offline.
new CheckoutStack(app, `QuickCommerce-${config.stage}`, {
  config,
  env: process.env.CDK_DEFAULT_ACCOUNT
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined,
  description: `Quick-commerce checkout backend (${config.stage})`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
