/**
 * Every sample fetch tslb implements, by name (configuration manual 7.3.2
 * to 7.3.6). The configuration layer refuses any other fetch of HAProxy's
 * catalogue with an error naming it (see unimplementedFetch).
 */
import { AUTHENTICATION_FETCHES } from './authentication.js';
import { BACKEND_STATE_FETCHES } from './backend-state.js';
import { CONNECTION_FETCHES } from './connection.js';
import type { FetchSpec } from './fetch.js';
import { HTTP_REQUEST_FETCHES } from './http-request.js';
import { HTTP_RESPONSE_FETCHES } from './http-response.js';
import { LITERAL_FETCHES } from './literals.js';
import { STICK_COUNTER_FETCHES } from './stick-counters.js';
import { PAYLOAD_FETCHES } from './payload.js';
import { VARIABLE_FETCHES } from './variables.js';

const FETCHES: ReadonlyMap<string, FetchSpec> = new Map(
  Object.entries({ ...LITERAL_FETCHES, ...CONNECTION_FETCHES, ...BACKEND_STATE_FETCHES, ...HTTP_REQUEST_FETCHES, ...HTTP_RESPONSE_FETCHES, ...VARIABLE_FETCHES, ...AUTHENTICATION_FETCHES, ...STICK_COUNTER_FETCHES, ...PAYLOAD_FETCHES }),
);

/** The fetch named so, or undefined when tslb does not implement it. */
export function fetchSpec(name: string): FetchSpec | undefined {
  return FETCHES.get(name);
}

/** Names of the implemented fetches. */
export function implementedFetches(): readonly string[] {
  return [...FETCHES.keys()];
}
