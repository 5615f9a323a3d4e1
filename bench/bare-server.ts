/**
 * The bare baseline: express 5 with the same body parsers as the mock, answering each benchmarked
 * route with a fixed JSON body of the same size class as the mock's answer — no validation, no
 * token check, no state. Run as `node --import tsx bench/bare-server.ts <port>`.
 */
import express from 'express';

const port = Number(process.argv[2] ?? '0');

const dealer = {
  dealer_id: 1001,
  company_name: 'Acme Security',
  company_address1: '100 Main Street',
  company_address2: 'Suite 200',
  company_email: 'support@acme.test',
  company_phone_number: '+1-555-010-1001',
  created_at: '2024-03-27T12:34:56.000Z',
  external_dealer_id: null,
};
const sites = Array.from({ length: 100 }, (_, i) => ({
  site_id: i + 1,
  external_site_id: `site-${String(i + 1).padStart(4, '0')}`,
  name: `Bench Site ${i + 1}`,
  timezone: 'America/New_York',
  monitoring_station_id: null,
  external_monitoring_station_id: null,
  account_number: null,
  address1: null,
  address2: null,
  is_activated: 0,
  created_at: '2026-01-15T10:00:00.000Z',
}));
// A token answer of the mock's size: an RS256 JWT is about 1.4 KB with the Dealer app's scopes.
const token = {
  access_token: `eyJ${'x'.repeat(1400)}`,
  token_type: 'Bearer',
  expires_in: 3600,
  scope: 'read:dealer read:sites',
};

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
app.use(express.urlencoded({ extended: false, limit: '64kb' }));
app.get('/partner/v1/dealers/:dealerId', (_req, res) => {
  res.json(dealer);
});
app.get('/partner/v1/dealers/:dealerId/sites', (_req, res) => {
  res.set('X-Total-Count', String(sites.length)).json(sites);
});
app.post('/oauth/token', (_req, res) => {
  res.set('Cache-Control', 'no-store').json(token);
});
app.put('/partner/v1/dealers/connect', (_req, res) => {
  res.json({ ...dealer, external_dealer_id: 'bench-1001' });
});

const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`bare server listening on http://127.0.0.1:${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
