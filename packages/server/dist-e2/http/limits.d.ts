/** What the HTTP layer limits, from the configuration. */
export interface HttpLimits {
    /** Password logins and registrations per client IP per minute (0: off). */
    passwordRateLimit: number;
    /** Anonymous logins per client IP per minute (0: off). */
    anonymousRateLimit: number;
    /** Leaked-key revocation requests per client IP per minute (0: off). */
    revokeRateLimit: number;
    requestTimeoutSeconds: number;
    maxConnections: number;
}
