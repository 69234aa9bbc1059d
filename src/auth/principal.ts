/**
 * auth/principal
 *
 * Who is asking: a department front-end or an analyst, authenticated by an API key or a
 * JWT — the same model over HTTP and WebSocket. Pure data; policies decide what it sees.
 */
export interface Principal {
  /** Stable id for logs and the audit: `key:<id>`, `jwt:<issuer>#<sub>`, `anonymous`, `system`. */
  readonly id: string;
  readonly kind: 'anonymous' | 'api-key' | 'jwt' | 'system';
  /** The department whose policy applies; null only for `anonymous` and `system`. */
  readonly department: string | null;
  /** A district office's division (GB/T 2260): its row conditions use it. */
  readonly division: string | null;
}

export const ANONYMOUS: Principal = { id: 'anonymous', kind: 'anonymous', department: null, division: null };
