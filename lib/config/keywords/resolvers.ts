/** `resolvers` sections (configuration manual 5.3.2): DNS servers and timings for runtime name resolution. */
import { parseHostPort } from '../address.js';
import type { Draft } from '../draft.js';
import type { Resolvers } from '../model/sections.js';
import { dispatch, noSectionArgs, type SectionFactory, type SectionKeyword } from './section-parser.js';

const HOLD_STATUSES = ['nx', 'other', 'refused', 'timeout', 'valid', 'obsolete'];

export const resolversSection: SectionFactory = (init) => {
  noSectionArgs(init);
  const r: Draft<Resolvers> = {
    place: { ...init.place },
    name: init.name,
    nameservers: [],
    parseResolvConf: false,
    resolveRetries: 3,
    timeoutResolve: 1000,
    timeoutRetry: 1000,
    hold: { nx: 30_000, other: 30_000, refused: 30_000, timeout: 30_000, valid: 10_000, obsolete: 0 },
    acceptedPayloadSize: 512,
  };
  const existing = init.out.resolvers.find((x) => x.name === init.name);
  if (existing) {
    init.diags.report('TSLB_ERR_CFG_DUPLICATE', {
      message: `resolvers section '${init.name}' has the same name as the one declared at ${existing.place.file}:${existing.place.line}`,
      place: init.place,
      section: init.section,
    });
  } else {
    init.out.resolvers.push(r);
  }
  const keywords: SectionKeyword[] = [
    {
      name: 'nameserver',
      parse(ctx, args) {
        if (!ctx.arity(args, 2, 2, '<name> <address>:<port>')) return;
        const addr = parseHostPort(ctx, args[1] as string);
        if (!addr) return;
        if (r.nameservers.some((n) => n.name === args[0])) {
          ctx.error('TSLB_ERR_CFG_DUPLICATE', `nameserver '${args[0]}' is declared twice in resolvers '${init.name}'`);
          return;
        }
        r.nameservers.push({ place: { ...ctx.place }, name: args[0] as string, host: addr.host, port: addr.port });
      },
    },
    {
      name: 'parse-resolv-conf',
      parse(ctx, args) {
        if (ctx.arity(args, 0, 0, 'no argument')) r.parseResolvConf = true;
      },
    },
    {
      name: 'resolve_retries',
      parse(ctx, args) {
        if (!ctx.arity(args, 1, 1, '<count>')) return;
        const n = ctx.lenientInt(args[0], 1, 2147483647);
        if (n !== undefined) r.resolveRetries = n;
      },
    },
    {
      name: 'timeout',
      parse(ctx, args) {
        const which = args[0];
        if (which !== 'resolve' && which !== 'retry') {
          ctx.error('TSLB_ERR_CFG_ARGS', `'timeout' expects 'retry' or 'resolve' and <time> as arguments, got '${which ?? ''}'`);
          return;
        }
        if (!ctx.arity(args, 2, 2, "'retry' or 'resolve' and <time>")) return;
        const ms = ctx.time(args[1], `timeout ${which}`);
        if (ms === undefined) return;
        if (which === 'resolve') r.timeoutResolve = ms;
        else r.timeoutRetry = ms;
      },
    },
    {
      name: 'hold',
      parse(ctx, args) {
        if (!ctx.arity(args, 2, 2, '<status> <period>')) return;
        if (!HOLD_STATUSES.includes(args[0] as string)) {
          ctx.error('TSLB_ERR_CFG_ARGS', `'hold' unknown status '${args[0]}', expects one of ${HOLD_STATUSES.join(', ')}`);
          return;
        }
        const ms = ctx.time(args[1], 'hold');
        if (ms !== undefined) r.hold[args[0] as string] = ms;
      },
    },
    {
      name: 'accepted_payload_size',
      parse(ctx, args) {
        if (!ctx.arity(args, 1, 1, '<nb>')) return;
        const n = ctx.lenientInt(args[0], 12, 65535);
        if (n !== undefined) r.acceptedPayloadSize = n;
      },
    },
  ];
  return { statement: (words, place) => dispatch(init, keywords, words, place), end() {} };
};
