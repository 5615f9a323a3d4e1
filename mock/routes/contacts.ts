import type { MockContext } from '../context.ts';
import { createContact, deleteContact, getContact, listContacts, updateContact } from '../domain/contacts.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Site contacts: list, create, get, update, delete. */
export function contactHandlers(context: MockContext): HandlerTable {
  return {
    listContacts: ({ path, query }) => {
      const { items, total } = listContacts(context, path.dealerId, path.siteId, query);
      return { status: 200, body: items, headers: { 'X-Total-Count': String(total) } };
    },
    createContact: ({ path, body }) => ({
      status: 201,
      body: createContact(context, path.dealerId, path.siteId, body),
    }),
    getContact: ({ path }) => ({
      status: 200,
      body: getContact(context, path.dealerId, path.siteId, path.contactId),
    }),
    updateContact: ({ path, body }) => ({
      status: 200,
      body: updateContact(context, path.dealerId, path.siteId, path.contactId, body),
    }),
    deleteContact: ({ path }) => {
      deleteContact(context, path.dealerId, path.siteId, path.contactId);
      return { status: 204, body: undefined };
    },
  };
}
