/**
 * The WebSocket endpoint confirms credentials before each event once for every connection
 * presenting the same ones: a confirmation stands for its recheck interval and never past a
 * revocation; a refusal is never kept; connections asking at once share one check.
 */
import { expect, it } from 'vitest';
import { CredentialConfirmations } from '../src/server/ws-caches.js';

it('checks the same credentials once for all connections, again after the interval or a revocation, and never keeps a refusal', async () => {
  let revocations = 0;
  const confirmations = new CredentialConfirmations(() => revocations, 200);
  let checks = 0;
  let valid = true;
  const check = async () => {
    checks++;
    await new Promise((r) => setTimeout(r, 10));
    return valid;
  };

  // 1,000 connections asking at once: one check, every one confirmed.
  expect(await Promise.all(Array.from({ length: 1000 }, () => confirmations.confirm('a', check)))).toEqual(Array(1000).fill(true));
  expect(checks).toBe(1);
  // Within the interval: no check.
  expect(await confirmations.confirm('a', check)).toBe(true);
  expect(checks).toBe(1);
  // Other credentials are checked on their own.
  expect(await confirmations.confirm('b', check)).toBe(true);
  expect(checks).toBe(2);

  // A revocation through this process: asked again at once, and refused now.
  revocations++;
  valid = false;
  expect(await confirmations.confirm('a', check)).toBe(false);
  expect(checks).toBe(3);
  // A refusal is not kept: the next event asks again.
  expect(await confirmations.confirm('a', check)).toBe(false);
  expect(checks).toBe(4);

  // Past the interval, confirmed credentials are checked again.
  valid = true;
  expect(await confirmations.confirm('a', check)).toBe(true);
  expect(checks).toBe(5);
  await new Promise((r) => setTimeout(r, 250));
  expect(await confirmations.confirm('a', check)).toBe(true);
  expect(checks).toBe(6);

  // A revocation while a check is under way: whoever asks after it gets a check of their own.
  const early = confirmations.confirm('c', check);
  revocations++;
  valid = false;
  expect(await confirmations.confirm('c', check)).toBe(false);
  expect(checks).toBe(8);
  await early;
});

it('holds a bounded number of confirmations, the oldest going first', async () => {
  const confirmations = new CredentialConfirmations(() => 0, 60_000, 3);
  let checks = 0;
  const check = async () => (checks++, true);
  for (const k of ['a', 'b', 'c', 'd']) await confirmations.confirm(k, check);
  expect(checks).toBe(4);
  await confirmations.confirm('d', check);
  await confirmations.confirm('b', check);
  expect(checks).toBe(4);
  // `a` was the oldest: forgotten, checked again.
  await confirmations.confirm('a', check);
  expect(checks).toBe(5);
});
