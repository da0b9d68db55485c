import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GridServiceStack } from './grid-stack';

/** The app and its one stack, with the AWS Solutions checks that fail synthesis on any finding. */
export interface GridApp {
  app: App;
  stack: GridServiceStack;
}

/**
 * Builds the app. `context` is merged under what the CDK CLI passes, which lets the tests synthesize
 * exactly what `cdk synth` does, minus bundling.
 */
export function buildGridApp(context: Record<string, unknown> = {}): GridApp {
  const app = new App({ context });
  const stack = new GridServiceStack(app, 'GridService', {
    description: 'grid-service: grid management API, its table, events and schedules',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
