import { createHmac } from 'node:crypto';

/**
 * The `X-CHeKT-Signature` of a delivery attempt (register: A37, the /webhooks page's variant):
 * `v1=` + lowercase hex HMAC-SHA256 keyed by the webhook secret over `{timestamp}.{raw body}`, where
 * the timestamp is the `X-CHeKT-Timestamp` (Unix seconds) of the same attempt.
 */
export function signDelivery(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** The five CHeKT headers of one attempt, plus the content type. */
export function deliveryHeaders(
  delivery: { secret: string; notificationId: string; eventType: string; rawBody: string },
  attempt: number,
  timestamp: number,
): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'CHeKT-Webhooks/sandbox',
    'X-CHeKT-Signature': signDelivery(delivery.secret, timestamp, delivery.rawBody),
    'X-CHeKT-Timestamp': String(timestamp),
    'X-CHeKT-Event-Id': delivery.notificationId,
    'X-CHeKT-Event-Type': delivery.eventType,
    'X-CHeKT-Delivery-Attempt': String(attempt),
  };
}
