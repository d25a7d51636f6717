/** `npx cdk synth` / `npx cdk deploy` entry point. */
import { buildApp } from './build-app.js';

buildApp().app.synth();
