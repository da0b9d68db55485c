import { buildGridApp } from './grid-app';

// The entry point `cdk.json` runs. Environment-agnostic: account and region come from the deploying credentials.
buildGridApp().app.synth();
