export { JobCancelledError, JobRegistry, type JobContext, type JobRegistryDeps } from './job-registry.ts';
export { createThrottle } from './throttle.ts';
