import { jest } from '@jest/globals';

// End-to-end tests drive real deploys (build, pull, health gates, verification windows).
jest.setTimeout(300_000);
