/** Package roles (`backstage.role`) the dynamic plugins root takes: loaded by the backend. */
export const BACKEND_ROLES: ReadonlySet<string> = new Set(['backend-plugin', 'backend-plugin-module']);

/** Package roles the app takes: built into the frontend bundle. */
export const FRONTEND_ROLES: ReadonlySet<string> = new Set(['frontend-plugin', 'frontend-plugin-module']);

/** Install targets a running process takes up only when it starts (restart, or rebuild then restart). */
export const RESTART_TARGETS: ReadonlySet<string> = new Set(['backend', 'frontend']);
