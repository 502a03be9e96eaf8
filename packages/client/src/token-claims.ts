/**
 * The claims of a JWT, read without verifying it: the client only displays what its own
 * server signed and sent it over TLS (the server verifies every token it receives).
 * Works in browsers and Node (atob and TextDecoder), with no dependencies.
 */
export function readClaims(token: string | null): Record<string, unknown> {
  const payload = token?.split('.')[1];
  if (!payload) return {};
  try {
    const base64 = payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
