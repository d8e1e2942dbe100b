import type { ConformanceArea } from './schema.js';
import type { ConformanceRunner } from './runners.js';

/** Runners of the domain areas (grading, repair, leniency, inspection, services). */
export const domainRunners: Partial<Record<ConformanceArea, ConformanceRunner>> = {};
