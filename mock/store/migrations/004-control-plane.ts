/**
 * Migration 4: the control plane's request journal and fault rules.
 * (Filled in by the control-plane work; empty until then.)
 */
export const CONTROL_PLANE = '';
