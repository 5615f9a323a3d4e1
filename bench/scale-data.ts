/** The large world of the scale measurement, generated deterministically as snapshot table rows. */

/** How large a world to build. */
export interface ScaleShape {
  /** Dealers in all, the demo world's three included. */
  dealers: number;
  /** Sites in all. */
  sites: number;
  /** How many of the sites belong to the measured dealer (the rest are spread over the others). */
  hotSites: number;
}

type Row = Record<string, unknown>;

const ADJECTIVES = ['North', 'South', 'East', 'West', 'Harbor', 'Central', 'Lake', 'River', 'Hill', 'Old'];
const NOUNS = ['Park', 'Tower', 'Plaza', 'Mall', 'Depot', 'Office', 'Warehouse', 'Clinic', 'School', 'Bank'];
const TIMEZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Asia/Seoul',
];
const BASE_TIME = Date.UTC(2025, 0, 1);

/** A small deterministic PRNG (mulberry32): the same world every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Adds dealers and sites to an exported snapshot's tables (which keep the demo world's dealers,
 * clients and users): `shape.dealers` dealers in all, `shape.sites` sites of which `shape.hotSites`
 * belong to `hotDealerId`. Ids are explicit, so the rows import as they are.
 */
export function growTables(
  tables: Record<string, Row[]>,
  shape: ScaleShape,
  hotDealerId: number,
): Record<string, Row[]> {
  const next = random(20260115);
  const dealers = [...(tables.dealers ?? [])];
  const existing = new Set(dealers.map((d) => d.dealer_id as number));
  let id = 10_001;
  while (dealers.length < shape.dealers) {
    while (existing.has(id)) id += 1;
    dealers.push({
      dealer_id: id,
      company_name: `${ADJECTIVES[id % 10]} ${NOUNS[(id >> 3) % 10]} Security ${id}`,
      company_address1: `${id} Commerce Street`,
      company_address2: id % 4 === 0 ? `Suite ${id % 900}` : null,
      company_email: `ops${id}@dealer${id}.test`,
      company_phone_number: `+1-555-${String(id).padStart(7, '0')}`,
      created_at: new Date(BASE_TIME + id * 1000).toISOString(),
    });
    existing.add(id);
    id += 1;
  }
  const others = dealers.map((d) => d.dealer_id as number).filter((d) => d !== hotDealerId);
  const sites = [...(tables.sites ?? [])];
  let siteId = sites.reduce((max, s) => Math.max(max, s.site_id as number), 0);
  for (let i = 0; i < shape.sites; i += 1) {
    siteId += 1;
    const dealerId = i < shape.hotSites || others.length === 0 ? hotDealerId : others[i % others.length];
    const r = next();
    sites.push({
      site_id: siteId,
      dealer_id: dealerId,
      external_site_id: `ext-site-${String(siteId).padStart(7, '0')}`,
      name: `${ADJECTIVES[Math.floor(r * 10)]} ${NOUNS[Math.floor(next() * 10)]} ${siteId}`,
      timezone: TIMEZONES[siteId % TIMEZONES.length],
      monitoring_station_id: null,
      account_number: next() < 0.5 ? String(1_000_000 + siteId) : null,
      address1: `${siteId % 9000} Example Avenue`,
      address2: next() < 0.2 ? `Unit ${siteId % 100}` : null,
      is_activated: next() < 0.3 ? 1 : 0,
      security_type: 1 + Math.floor(next() * 4),
      // Not in id order: a sort by created_at really has to sort.
      created_at: new Date(BASE_TIME + Math.floor(next() * 365 * 24 * 3600) * 1000).toISOString(),
    });
  }
  return { ...tables, dealers, sites };
}
