export * from './schema.js';
export * from './compare.js';
export { foundationRunners, type ConformanceRunner, type RunnerContext } from './runners.js';
export * from './run.js';
