/**
 * graphql/global-id
 *
 * Relay global IDs: base64url of `Type:key`, where the key is the entity's national code.
 */
import { HubError } from './errors.js';

export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: string; key: string } {
  const text = id.length <= 512 && /^[A-Za-z0-9_-]+={0,2}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const sep = text.indexOf(':');
  if (sep <= 0 || sep === text.length - 1) throw new HubError('INVALID_ID', 'Not a govgraph global ID');
  return { type: text.slice(0, sep), key: text.slice(sep + 1) };
}
