/** An alarm of the demo Dealer app's dealer with one JPEG announced. */
export function alarm(overrides: Record<string, unknown> = {}) {
  return {
    version: '1.0',
    dealer_id: 1001,
    location_id: 'Z6RSOG',
    camera_id: '2fe519b4-2438-4aa1-b051-87cf22bb',
    event_id: '1763603245534315',
    event_type: 'alarm',
    event_status: 'active',
    event_time: '2026-01-15T09:59:59.000Z',
    media: [{ media_type: 'image', content_type: 'image/jpeg', file_name: 'front-door.jpg' }],
    ...overrides,
  };
}
