// Friendly names for the generated Partner API types. Aliases only: every shape comes from the spec.
import type { components, operations } from './generated/partner-api.ts';

/** The generated OpenAPI types of the Partner API and its auth server. */
export type { components, operations, paths, webhooks } from './generated/partner-api.ts';

/** Every schema of the spec, by name. */
export type Schemas = components['schemas'];
/** Every operationId of the spec. */
export type OperationId = keyof operations;

/** One alias per schema of the spec. */
export type TokenRequest = Schemas['TokenRequest'];
export type TokenResponse = Schemas['TokenResponse'];
export type OAuthError = Schemas['OAuthError'];
export type RevokeRequest = Schemas['RevokeRequest'];
export type JsonWebKeySet = Schemas['JsonWebKeySet'];
export type JsonWebKey = Schemas['JsonWebKey'];
export type AuthorizationServerMetadata = Schemas['AuthorizationServerMetadata'];
export type DealerConnectRequest = Schemas['DealerConnectRequest'];
export type Dealer = Schemas['Dealer'];
export type DealerUpdate = Schemas['DealerUpdate'];
export type DealerDisconnection = Schemas['DealerDisconnection'];
export type Site = Schemas['Site'];
export type SiteCreate = Schemas['SiteCreate'];
export type SiteUpdate = Schemas['SiteUpdate'];
export type Device = Schemas['Device'];
export type DeviceCreate = Schemas['DeviceCreate'];
export type DeviceUpdate = Schemas['DeviceUpdate'];
export type DeviceBulkUpdateItem = Schemas['DeviceBulkUpdateItem'];
export type DeviceBulkResult = Schemas['DeviceBulkResult'];
export type DeviceBulkItemResult = Schemas['DeviceBulkItemResult'];
export type Contact = Schemas['Contact'];
export type ContactCreate = Schemas['ContactCreate'];
export type ContactUpdate = Schemas['ContactUpdate'];
export type MonitoringStation = Schemas['MonitoringStation'];
export type MonitoringStationCreate = Schemas['MonitoringStationCreate'];
export type MonitoringStationUpdate = Schemas['MonitoringStationUpdate'];
export type ArmingSettings = Schemas['ArmingSettings'];
export type ArmingSettingsUpdate = Schemas['ArmingSettingsUpdate'];
export type EventCreate = Schemas['EventCreate'];
export type EventMediaRequest = Schemas['EventMediaRequest'];
export type EventAccepted = Schemas['EventAccepted'];
export type MediaUpload = Schemas['MediaUpload'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type WebhookCreate = Schemas['WebhookCreate'];
export type Webhook = Schemas['Webhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type ErrorDetail = Schemas['ErrorDetail'];
