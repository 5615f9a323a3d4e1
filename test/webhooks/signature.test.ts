import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadDocument, resolvePointer } from '../../mock/openapi/document.ts';
import { signDelivery } from '../../mock/webhooks/signature.ts';
import { alarm } from '../events/alarm.ts';
import { call, clientToken, freshMock } from '../support/mock.ts';
import { startReceiver } from './receiver.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface WebhookParameter {
  name: string;
  schema: object;
  example: unknown;
}

/** The spec's `partnerEvent` webhook: its header parameters and its request body media. */
function partnerEvent() {
  const document = loadDocument();
  const post = resolvePointer(document, '#/webhooks/partnerEvent/post') as {
    parameters: WebhookParameter[];
    requestBody: { content: { 'application/json': { examples: Record<string, { value: unknown }> } } };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: 'openapi.json' });
  const validateBody = ajv.getSchema('openapi.json#/components/schemas/WebhookDelivery');
  if (!validateBody) throw new Error('WebhookDelivery schema missing');
  const headerValidators = post.parameters.map((p) => ({
    name: p.name,
    validate: ajv.compile(JSON.parse(JSON.stringify(p.schema).replaceAll('"#/', '"openapi.json#/'))),
  }));
  return { post, validateBody, headerValidators };
}

describe('webhook signature and format', () => {
  it("reproduces the spec's example signature from its example delivery and secret", () => {
    const { post } = partnerEvent();
    const example = (name: string) => post.parameters.find((p) => p.name === name)?.example;
    const body = post.requestBody.content['application/json'].examples.siteCreated?.value;
    const timestamp = example('X-CHeKT-Timestamp') as number;
    expect(signDelivery('your_webhook_secret_key', timestamp, JSON.stringify(body))).toBe(
      example('X-CHeKT-Signature'),
    );
  });

  it("sends headers and a body that satisfy the spec's partnerEvent webhook", async () => {
    const { validateBody, headerValidators } = partnerEvent();
    const mock = await freshMock();
    const receiver = await startReceiver();
    const token = await clientToken(mock);
    await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: receiver.url, events: ['event.received'], secret: 'local-test-secret-0123' },
    });
    await call(mock, 'POST', '/partner/v1/events', { token, body: alarm() });
    await mock.webhooks.runDue();
    const [delivery] = receiver.received;
    expect(validateBody(delivery?.body)).toBe(true);
    for (const { name, validate } of headerValidators) {
      const raw = delivery?.headers[name.toLowerCase()];
      const value = /^\d+$/.test(String(raw)) ? Number(raw) : raw;
      expect({ name, valid: validate(value) }).toEqual({ name, valid: true });
    }
  });
});
