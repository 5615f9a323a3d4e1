import type { Contact, ContactCreate, ContactUpdate } from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { CONTACT_LIST, resourcesOf } from '../store/resources.ts';
import { type ListAnswer, type ListParams, listItems } from './list-query.ts';
import { requireSite } from './sites.ts';

function requireContact(context: MockContext, siteId: number, contactId: number): Contact {
  const contact = resourcesOf(context.store).getContact(siteId, contactId);
  if (!contact) {
    notFound('contact_not_found', `Contact ${contactId} does not exist on site ${siteId}.`, 'contactId');
  }
  return contact;
}

/** The site's contacts, filtered, sorted and paged in SQL. */
export function listContacts(
  context: MockContext,
  dealerId: number,
  siteId: number,
  params: ListParams,
): ListAnswer<Contact> {
  requireSite(context, dealerId, siteId);
  return listItems<Contact>(context, CONTACT_LIST, { where: 'site_id = ?', params: [siteId] }, params);
}

/** Adds a contact to the site. */
export function createContact(
  context: MockContext,
  dealerId: number,
  siteId: number,
  body: ContactCreate,
): Contact {
  const contact = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    checkExternalId(context, siteId, body.external_contact_id, null);
    const contactId = resourcesOf(context.store).insertContact(
      siteId,
      {
        external_contact_id: body.external_contact_id,
        first_name: body.first_name,
        last_name: body.last_name,
        phone_number: body.phone_number ?? null,
        email: body.email ?? null,
      },
      isoAt(context.clock.now()),
    );
    return requireContact(context, siteId, contactId);
  });
  context.events.publish({ type: 'contact.created', dealer_id: dealerId, data: contact });
  return contact;
}

/** The site's contact. */
export function getContact(
  context: MockContext,
  dealerId: number,
  siteId: number,
  contactId: number,
): Contact {
  requireSite(context, dealerId, siteId);
  return requireContact(context, siteId, contactId);
}

/** Applies a partial update; `null` clears an optional field. */
export function updateContact(
  context: MockContext,
  dealerId: number,
  siteId: number,
  contactId: number,
  patch: ContactUpdate,
): Contact {
  const contact = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    requireContact(context, siteId, contactId);
    if (patch.external_contact_id !== undefined) {
      checkExternalId(context, siteId, patch.external_contact_id, contactId);
    }
    resourcesOf(context.store).update('contacts', contactId, {
      external_contact_id: patch.external_contact_id,
      first_name: patch.first_name,
      last_name: patch.last_name,
      phone_number: patch.phone_number,
      email: patch.email,
    });
    return requireContact(context, siteId, contactId);
  });
  context.events.publish({ type: 'contact.updated', dealer_id: dealerId, data: contact });
  return contact;
}

/** Deletes the contact. */
export function deleteContact(
  context: MockContext,
  dealerId: number,
  siteId: number,
  contactId: number,
): void {
  const contact = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    const row = requireContact(context, siteId, contactId);
    resourcesOf(context.store).delete('contacts', contactId);
    return row;
  });
  context.events.publish({ type: 'contact.deleted', dealer_id: dealerId, data: contact });
}

function checkExternalId(
  context: MockContext,
  siteId: number,
  externalId: string,
  self: number | null,
): void {
  const existing = resourcesOf(context.store).findContactIdByExternalId(siteId, externalId);
  if (existing !== null && existing !== self) {
    conflict(
      'external_id_conflict',
      `Site ${siteId} already has a contact with external_contact_id "${externalId}".`,
      'external_contact_id',
    );
  }
}
