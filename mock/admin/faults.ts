import type { Fault, FaultCreate } from '../../spec/admin-types.ts';
import { badRequest, notFound } from '../errors.ts';

/**
 * Armed faults: requests matching an operation (or a method and path pattern) answer a given
 * status, wait first, or have their connection dropped; for the next N matches or a fraction of them.
 */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  /**
   * `operationIds` are the ones a fault may name (a typo would otherwise never fire); `random` is
   * injectable so that probability faults are testable.
   */
  constructor(
    private readonly operationIds: ReadonlySet<string>,
    private readonly random: () => number = Math.random,
  ) {}

  /** Arms a fault, after checking it says what to match and what to do. */
  add(request: FaultCreate): Fault {
    const byOperation = request.operation_id !== undefined;
    const byPath = request.method !== undefined || request.path !== undefined;
    if (byOperation === byPath) {
      badRequest('invalid_request', 'Give either operation_id, or method and path.', 'operation_id');
    }
    if (request.operation_id !== undefined && !this.operationIds.has(request.operation_id)) {
      badRequest('invalid_request', `No operation "${request.operation_id}" in the spec.`, 'operation_id');
    }
    if (byPath && (request.method === undefined || request.path === undefined)) {
      badRequest(
        'invalid_request',
        'method and path go together.',
        request.method === undefined ? 'method' : 'path',
      );
    }
    if (request.status === undefined && request.latency_ms === undefined && request.drop !== true) {
      badRequest('invalid_request', 'Say what the fault does: status, latency_ms or drop.', 'status');
    }
    if (request.count !== undefined && request.probability !== undefined) {
      badRequest('invalid_request', 'Give count or probability, not both.', 'probability');
    }
    const fault: Fault = {
      fault_id: `flt_${this.nextId++}`,
      operation_id: request.operation_id ?? null,
      method: request.method ?? null,
      path: request.path ?? null,
      status: request.status ?? null,
      latency_ms: request.latency_ms ?? 0,
      drop: request.drop ?? false,
      remaining: request.probability === undefined ? (request.count ?? 1) : null,
      probability: request.probability ?? null,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The armed faults, in matching order. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Disarms one fault. */
  remove(faultId: string): void {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.fault_id !== faultId);
    if (this.faults.length === before) notFound('fault_not_found', `No fault ${faultId}.`, 'faultId');
  }

  /** Disarms every fault. */
  clear(): void {
    this.faults = [];
  }

  /** The fault that hits this request, if any (counting it), or null. */
  take(operationId: string, method: string, path: string): Fault | null {
    for (const fault of this.faults) {
      if (!matches(fault, operationId, method, path)) continue;
      if (fault.probability !== null && this.random() >= fault.probability) continue;
      fault.hits += 1;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return { ...fault };
    }
    return null;
  }
}

function matches(fault: Fault, operationId: string, method: string, path: string): boolean {
  if (fault.operation_id !== null) return fault.operation_id === operationId;
  if (fault.method !== method.toUpperCase() || fault.path === null) return false;
  const pattern = fault.path.split('/');
  const actual = path.split('/');
  return (
    pattern.length === actual.length &&
    pattern.every((segment, i) => segment === '*' || segment === actual[i])
  );
}
