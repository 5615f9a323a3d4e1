import { describe, expect, it } from 'vitest';
import { dealerAppWalkthrough } from '../../examples/dealer-app.ts';
import { platformWalkthrough } from '../../examples/platform-partner.ts';
import { MockClock } from '../../mock/clock.ts';
import { freshMock } from '../support/mock.ts';

// The walkthroughs sign assertions with the wall clock, as a real partner does: so does the mock here.
const wallClockMock = () => freshMock({ clock: new MockClock() });

describe('the examples run against the mock', () => {
  it('runs the Dealer app walkthrough: token, dealer, site, devices, list', async () => {
    const mock = await wallClockMock();
    const lines: string[] = [];
    const outcome = await dealerAppWalkthrough(mock.url, (line) => lines.push(line));
    expect(outcome).toMatchObject({ dealerName: 'Acme Security', sitesListed: 1 });
    expect(outcome.deviceIds).toHaveLength(2);
    expect(lines[0]).toBe('dealer 1001: Acme Security');
    expect(mock.violations).toEqual([]);
  });

  it('runs the Platform partner walkthrough: authorize, connect, act, disconnect', async () => {
    const mock = await wallClockMock();
    const outcome = await platformWalkthrough(mock.url);
    expect(outcome.externalDealerId).toMatch(/^acme-/);
    expect(outcome.afterDisconnect).toBe('403 dealer_not_connected');
    expect(mock.violations).toEqual([]);
  });
});
