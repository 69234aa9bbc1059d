/**
 * auth/authenticate
 *
 * Bearer tokens to principals. An API key is `gg_<id>.<secret>`: looked up by id, its
 * secret compared by SHA-256 in constant time, refused when revoked or expired. Anything
 * else is a JWT, verified with jose (signature, issuer, audience; `alg: none` never), which
 * must carry `exp` within the configured maximum lifetime. Tokens fail closed: a division
 * (claim or key) that is not a known 6-digit division code refuses the token, never
 * widens it to every division. No token: anonymous only where the configuration allows
 * it. Keys from the configuration are seeded into `api_key` once (a revoked key stays
 * revoked).
 */
import { createHash, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { importSPKI, jwtVerify } from 'jose';
import { apiKey } from '../../schema/index.js';
import type { AuthSettings } from '../config.js';
import type { Db } from '../db/client.js';
import { isKnownDivision } from '../domain/divisions.js';
import { ANONYMOUS, type Principal } from './principal.js';

export class AuthError extends Error {
  constructor(readonly code: 'UNAUTHENTICATED', message: string) {
    super(message);
  }
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A division as a principal may carry it: null (department-wide) or a known 6-digit code; anything else is refused. */
export const isValidDivision = (d: unknown): d is string | null => d === null || isKnownDivision(d);
const CACHE_MS = 5000;
/** Bounded, so a flood of made-up key ids cannot grow memory. */
const CACHE_MAX = 10_000;

export class Authenticator {
  /** Key rows by id, as a promise so that concurrent checks of one key share one read. */
  private readonly keys = new Map<string, { row: Promise<typeof apiKey.$inferSelect | null>; at: number }>();
  private jwtKey: Promise<Parameters<typeof jwtVerify>[1]> | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: AuthSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Seeds the configured keys (first start only; later changes happen in the table). */
  async seed(): Promise<void> {
    for (const k of this.settings.apiKeys) {
      await this.db.insert(apiKey).values({
        id: k.id, department: k.department, division: k.division ?? null, label: k.label ?? null, secretSha256: k.secretSha256.toLowerCase(),
        expiresAt: k.expiresAt ? new Date(k.expiresAt) : null,
      }).onConflictDoNothing();
    }
  }

  /** The principal behind an `Authorization` header value (or a WebSocket init payload's). */
  async principal(authorization: string | null | undefined): Promise<Principal> {
    if (!authorization) {
      if (this.settings.anonymous) return ANONYMOUS;
      throw new AuthError('UNAUTHENTICATED', 'A bearer token is required');
    }
    const m = /^Bearer\s+(\S{1,4096})$/i.exec(authorization.trim());
    if (!m) throw new AuthError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
    const token = m[1]!;
    return token.startsWith('gg_') ? this.fromApiKey(token) : this.fromJwt(token);
  }

  /** Counts revocations through this process: credentials confirmed before a change are confirmed again. */
  revocations = 0;

  /** Forgets cached keys (after a revocation through this process). */
  forget(id: string): void {
    this.keys.delete(id);
    this.revocations++;
  }

  /** A new key: the token is returned once and only its secret's SHA-256 is stored. */
  async createKey(k: { department: string; division: string | null; label: string | null; expiresAt: Date | null }): Promise<{ id: string; token: string }> {
    const id = `k-${randomBytes(6).toString('hex')}`;
    const secret = randomBytes(24).toString('base64url');
    await this.db.insert(apiKey).values({ id, department: k.department, division: k.division, label: k.label, expiresAt: k.expiresAt, secretSha256: sha256(secret).toString('hex') });
    return { id, token: `gg_${id}.${secret}` };
  }

  /** Revokes a key at once (in this process; other hubs within their cache time, 5 s). Returns false for an unknown id. */
  async revokeKey(id: string): Promise<boolean> {
    const rows = await this.db.update(apiKey).set({ revokedAt: this.now() }).where(eq(apiKey.id, id)).returning({ id: apiKey.id });
    this.forget(id);
    return rows.length > 0;
  }

  private async fromApiKey(token: string): Promise<Principal> {
    const m = /^gg_([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{16,256})$/.exec(token);
    if (!m) throw new AuthError('UNAUTHENTICATED', 'Malformed API key');
    const [, id, secret] = m as unknown as [string, string, string];
    let cached = this.keys.get(id);
    if (!cached || Date.now() - cached.at > CACHE_MS) {
      // Every socket of a key re-checks it before each event: one read serves them all.
      const row = this.db.select().from(apiKey).where(eq(apiKey.id, id)).then(([r]) => r ?? null);
      row.catch(() => this.keys.get(id)?.row === row && this.keys.delete(id));
      cached = { row, at: Date.now() };
      if (this.keys.size >= CACHE_MAX) this.keys.clear();
      this.keys.set(id, cached);
    }
    const row = await cached.row;
    const given = sha256(secret);
    const stored = Buffer.from(row?.secretSha256 ?? '00'.repeat(32), 'hex');
    // Compare even for an unknown id, so timing does not tell which ids exist.
    const match = stored.length === given.length && timingSafeEqual(stored, given);
    if (!row || !match) throw new AuthError('UNAUTHENTICATED', 'Unknown or wrong API key');
    if (row.revokedAt) throw new AuthError('UNAUTHENTICATED', 'The API key was revoked');
    if (row.expiresAt && row.expiresAt <= this.now()) throw new AuthError('UNAUTHENTICATED', 'The API key has expired');
    if (!isValidDivision(row.division)) throw new AuthError('UNAUTHENTICATED', 'The API key names no known division');
    return { id: `key:${row.id}`, kind: 'api-key', department: row.department, division: row.division };
  }

  private async fromJwt(token: string): Promise<Principal> {
    const jwt = this.settings.jwt;
    if (!jwt) throw new AuthError('UNAUTHENTICATED', 'Unknown token');
    this.jwtKey ??= this.loadJwtKey();
    try {
      const now = this.now();
      const { payload } = await jwtVerify(token, (await this.jwtKey) as Exclude<Parameters<typeof jwtVerify>[1], Function>, {
        issuer: jwt.issuer, audience: jwt.audience, algorithms: jwt.algorithms, clockTolerance: 30, currentDate: now, requiredClaims: ['exp'],
      });
      // A token without an end, or with an end too far off, is a standing credential: refused.
      const issued = typeof payload.iat === 'number' ? Math.min(payload.iat, now.getTime() / 1000) : now.getTime() / 1000;
      if (payload.exp! - issued > jwt.maxLifetimeSeconds + 30) throw new AuthError('UNAUTHENTICATED', `The token lives longer than ${jwt.maxLifetimeSeconds} s`);
      const department = payload[jwt.departmentClaim];
      if (typeof department !== 'string' || !department) throw new AuthError('UNAUTHENTICATED', `The token has no ${jwt.departmentClaim} claim`);
      const division = payload[jwt.divisionClaim] ?? null;
      if (!isValidDivision(division)) throw new AuthError('UNAUTHENTICATED', `The token's ${jwt.divisionClaim} claim is not a known 6-digit division code`);
      return { id: `jwt:${payload.iss}#${payload.sub ?? '?'}`, kind: 'jwt', department, division };
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError('UNAUTHENTICATED', 'Invalid token');
    }
  }

  private async loadJwtKey(): Promise<Parameters<typeof jwtVerify>[1]> {
    const jwt = this.settings.jwt!;
    const value = this.env[jwt.keyEnv];
    if (!value) throw new AuthError('UNAUTHENTICATED', 'Token verification is not configured');
    return jwt.algorithms.every((a) => a.startsWith('HS')) ? createSecretKey(Buffer.from(value, 'utf8')) : importSPKI(value, jwt.algorithms[0]!);
  }
}
