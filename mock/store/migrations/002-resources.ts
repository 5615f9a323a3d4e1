/**
 * Migration 2: sites, devices, contacts, monitoring stations and arming settings.
 * (Filled in by the resources work; empty until then.)
 */
export const RESOURCES = '';
