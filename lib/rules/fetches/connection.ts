/**
 * Layer 4 and proxy fetches (configuration manual 7.3.3): the client and
 * local addresses and ports, the frontend's and backend's names and ids.
 */
import { int, ip, str } from '../sample/sample.js';
import { simple, type FetchSpec } from './fetch.js';

export const CONNECTION_FETCHES: Readonly<Record<string, FetchSpec>> = {
  src: simple('ip', (ctx) => ip(ctx.src)),
  src_port: simple('int', (ctx) => int(ctx.srcPort)),
  dst: simple('ip', (ctx) => ip(ctx.dst)),
  dst_port: simple('int', (ctx) => int(ctx.dstPort)),
  fe_name: simple('str', (ctx) => str(ctx.frontend.name)),
  fe_id: simple('int', (ctx) => int(ctx.frontend.id)),
  be_name: simple('str', (ctx) => (ctx.backend ? str(ctx.backend.name) : undefined)),
  be_id: simple('int', (ctx) => (ctx.backend ? int(ctx.backend.config.id ?? 0) : undefined)),
  srv_name: simple('str', (ctx) => (ctx.server ? str(ctx.server.name) : undefined)),
  srv_id: simple('int', (ctx) => (ctx.server ? int(ctx.server.id) : undefined)),
};
