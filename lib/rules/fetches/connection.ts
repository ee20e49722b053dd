/**
 * Layer 4 and proxy fetches (configuration manual 7.3.3): the client and
 * local addresses and ports, the frontend's and backend's names and ids.
 */
import type { SampleContext } from '../context.js';
import { int, ip, str, type Sample, type SampleType } from '../sample/sample.js';
import { simple, type CompiledFetch, type FetchSpec } from './fetch.js';

/** A fetch of the connection or the frontend alone, without arguments (CompiledFetch.reads). */
function ofConnection(type: SampleType, one: (ctx: SampleContext) => Sample | undefined): FetchSpec {
  const compiled: CompiledFetch = { type, one, reads: 'connection' };
  return { type, args: [0, 0], compile: () => compiled };
}

export const CONNECTION_FETCHES: Readonly<Record<string, FetchSpec>> = {
  src: ofConnection('ip', (ctx) => ip(ctx.src)),
  src_port: ofConnection('int', (ctx) => int(ctx.srcPort)),
  dst: ofConnection('ip', (ctx) => ip(ctx.dst)),
  dst_port: ofConnection('int', (ctx) => int(ctx.dstPort)),
  fe_name: ofConnection('str', (ctx) => str(ctx.frontend.name)),
  fe_id: ofConnection('int', (ctx) => int(ctx.frontend.id)),
  be_name: simple('str', (ctx) => (ctx.backend ? str(ctx.backend.name) : undefined)),
  be_id: simple('int', (ctx) => (ctx.backend ? int(ctx.backend.config.id ?? 0) : undefined)),
  srv_name: simple('str', (ctx) => (ctx.server ? str(ctx.server.name) : undefined)),
  srv_id: simple('int', (ctx) => (ctx.server ? int(ctx.server.id) : undefined)),
};
