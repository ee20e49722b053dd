/**
 * `http_auth(<userlist>)` (configuration manual 7.3.6): true when the first
 * Authorization header carries Basic credentials of a user of the list
 * with the right password (lib/auth: HAProxy's parsing, crypt(3) hashes).
 */
import { parseBasicAuthorization } from '../../auth/basic.js';
import { bool } from '../sample/sample.js';
import type { FetchSpec } from './fetch.js';

export const AUTHENTICATION_FETCHES: Readonly<Record<string, FetchSpec>> = {
  http_auth: {
    type: 'bool',
    args: [1, 1],
    compile(args) {
      const name = args[0] ?? '';
      return {
        type: 'bool',
        one: (ctx) => {
          const list = ctx.proxies.userlist(name);
          const value = ctx.req?.header('authorization');
          if (!list || value === undefined) return bool(false);
          const creds = parseBasicAuthorization(value);
          return bool(creds !== undefined && list.check(creds.user, creds.password));
        },
      };
    },
  },
};
