/**
 * The value a match method works on: the sample cast to the method's type
 * with HAProxy's implicit casts (castSample), or undefined when no cast
 * exists, in which case the sample matches nothing (manual 7.1).
 */
import { castSample, type Sample } from '../sample/sample.js';

export function asString(sample: Sample): string | undefined {
  const s = castSample(sample, 'str');
  return s?.type === 'str' ? s.value : undefined;
}

export function asInt(sample: Sample): number | undefined {
  const s = castSample(sample, 'int');
  return s?.type === 'int' ? s.value : undefined;
}

export function asBinary(sample: Sample): Buffer | undefined {
  const s = castSample(sample, 'bin');
  return s?.type === 'bin' ? s.value : undefined;
}

/** The address as text (dotted IPv4 or IPv6). */
export function asAddress(sample: Sample): string | undefined {
  const s = castSample(sample, 'ip');
  return s?.type === 'ip' ? s.value : undefined;
}
