export { JobCancelledError, JobRegistry, type JobContext, type JobRegistryDeps, type JobSummary } from './job-registry.ts';
export { createThrottle } from './throttle.ts';
