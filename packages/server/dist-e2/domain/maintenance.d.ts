import type { Deps } from './deps.js';
export interface MaintenanceResult {
    expiredSessions: number;
    expiredTokens: number;
    anonymousUsers: number;
    auditEvents: number;
    passwordFailures: number;
    /** Retired signing keys dropped (every token they signed has expired). */
    signingKeys: number;
}
/** What the server does every few minutes in the background: nothing a request waits for. */
export declare function runMaintenance(deps: Deps): Promise<MaintenanceResult>;
