import { describe, expect, it } from 'vitest';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';
import { createSite, dealerAppMock, describeDealerScope, OTHER_DEALER, sitesPath } from './support.ts';

const john = { external_contact_id: 'c-1', first_name: 'John', last_name: 'Doe' };

describe('contacts', () => {
  it('creates, lists, reads, updates and deletes a contact', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const path = `${sitesPath()}/${site.site_id}/contacts`;
    const created = await call(mock, 'POST', path, {
      token,
      body: { ...john, email: 'john.doe@example.com' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      contact_id: expect.any(Number),
      site_id: site.site_id,
      external_contact_id: 'c-1',
      first_name: 'John',
      last_name: 'Doe',
      phone_number: null,
      email: 'john.doe@example.com',
      created_at: '2026-01-15T10:00:00.000Z',
    });
    const one = `${path}/${created.body.contact_id}`;

    const listed = await call(mock, 'GET', path, { token });
    expect(listed.body).toEqual([created.body]);
    expect(listed.headers.get('x-total-count')).toBe('1');
    expect((await call(mock, 'GET', one, { token })).body).toEqual(created.body);

    const updated = await call(mock, 'PATCH', one, {
      token,
      body: { phone_number: '1234567890', email: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...created.body, phone_number: '1234567890', email: null });

    expect((await call(mock, 'DELETE', one, { token })).status).toBe(204);
    const gone = await call(mock, 'GET', one, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'contact_not_found', field: 'contactId' });
    expect(mock.violations).toEqual([]);
  });

  it('answers 409 external_id_conflict for a second contact with the same external id on the site', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const path = `${sitesPath()}/${site.site_id}/contacts`;
    await call(mock, 'POST', path, { token, body: john });
    const response = await call(mock, 'POST', path, { token, body: { ...john, first_name: 'Jane' } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'external_id_conflict', field: 'external_contact_id' });

    const otherSite = await createSite(mock, token, { external_site_id: 'site-2' });
    const elsewhere = await call(mock, 'POST', `${sitesPath()}/${otherSite.site_id}/contacts`, {
      token,
      body: john,
    });
    expect(elsewhere.status).toBe(201);
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming the field when the e-mail address is malformed', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const response = await call(mock, 'POST', `${sitesPath()}/${site.site_id}/contacts`, {
      token,
      body: { ...john, email: 'not-an-address' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'email' });
  });

  it('answers 400 naming the field when a required field is missing', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const response = await call(mock, 'POST', `${sitesPath()}/${site.site_id}/contacts`, {
      token,
      body: { external_contact_id: 'c-1', first_name: 'John' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'last_name' });
  });

  it("answers 404 site_not_found for contacts of another dealer's site", async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await connect(mock, 'admin@beacon.test', 'ext-1002');
    const token = await clientToken(mock, 'platform');
    const foreign = await createSite(mock, token, {}, OTHER_DEALER);
    const created = await call(mock, 'POST', `${sitesPath(OTHER_DEALER)}/${foreign.site_id}/contacts`, {
      token,
      body: john,
    });
    const contactId = created.body.contact_id;
    for (const path of [
      `${sitesPath()}/${foreign.site_id}/contacts`,
      `${sitesPath()}/${foreign.site_id}/contacts/${contactId}`,
    ]) {
      const response = await call(mock, 'GET', path, { token });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('site_not_found');
    }
    expect(mock.violations).toEqual([]);
  });
});

describeDealerScope('listContacts', 'GET', (dealerId) => `${sitesPath(dealerId)}/1/contacts`);
describeDealerScope('createContact', 'POST', (dealerId) => `${sitesPath(dealerId)}/1/contacts`, john);
