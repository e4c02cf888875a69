/** When this process started: what was changed later waits for a restart. */
export const PROCESS_STARTED_AT = new Date(Date.now() - process.uptime() * 1000);
