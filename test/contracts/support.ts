import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { PactFile, PactInteraction } from '../../contracts/pact-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'chekt-pacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Dealer 1001 as the demo world holds it, seen by the Dealer app. */
export const DEALER_1001 = {
  dealer_id: 1001,
  external_dealer_id: null,
  company_name: 'Acme Security',
  company_address1: '100 Main Street',
  company_address2: 'Suite 200',
  company_email: 'support@acme.test',
  company_phone_number: '+1-555-010-1001',
  created_at: '2024-03-27T12:34:56.000Z',
};

/** A well-formed interaction the corpus breaks one way at a time: the Dealer app reads its dealer. */
export function readDealer(description = 'a request for dealer 1001'): PactInteraction {
  return {
    description,
    providerStates: [{ name: 'the sandbox holds the demo world', params: {} }],
    request: { method: 'GET', path: '/partner/v1/dealers/1001', headers: { Authorization: 'Bearer token' } },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { ...DEALER_1001 } },
  };
}

/** Writes a pact of consumer `broken-corpus` holding the interactions; returns its path. */
export function writePact(name: string, interactions: PactInteraction[]): string {
  const pact: PactFile = {
    consumer: { name: 'broken-corpus' },
    provider: { name: 'chekt-partner-api' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(pact, null, 2));
  return file;
}
