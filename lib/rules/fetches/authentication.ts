/**
 * `http_auth(<userlist>)` (configuration manual 7.3.6): true when the first
 * Authorization header carries Basic credentials of a user of the list
 * with the right password (lib/auth: HAProxy's parsing, crypt(3) hashes).
 * `http_auth_group(<userlist>)`: the user name of such credentials; an ACL
 * on it matches when the user belongs to one of the groups it lists, so its
 * values for ACLs are the user's groups.
 */
import { parseBasicAuthorization } from '../../auth/basic.js';
import type { SampleContext } from '../context.js';
import { bool, str, type Sample } from '../sample/sample.js';
import type { FetchSpec } from './fetch.js';

/** The user of valid credentials of the named userlist, with its groups; undefined when there are none. */
function authenticated(ctx: SampleContext, name: string): { user: string; groups: readonly string[] } | undefined {
  const list = ctx.proxies.userlist(name);
  const value = ctx.req?.header('authorization');
  if (!list || value === undefined) return undefined;
  const creds = parseBasicAuthorization(value);
  if (!creds || !list.check(creds.user, creds.password)) return undefined;
  return { user: creds.user, groups: list.groupsOf(creds.user) };
}

const NONE: readonly Sample[] = [];

export const AUTHENTICATION_FETCHES: Readonly<Record<string, FetchSpec>> = {
  http_auth: {
    type: 'bool',
    args: [1, 1],
    compile(args) {
      const name = args[0] ?? '';
      return {
        type: 'bool',
        one: (ctx) => bool(authenticated(ctx, name) !== undefined),
      };
    },
  },
  http_auth_group: {
    type: 'str',
    args: [1, 1],
    compile(args) {
      const name = args[0] ?? '';
      return {
        type: 'str',
        one: (ctx) => {
          const a = authenticated(ctx, name);
          return a ? str(a.user) : undefined;
        },
        all: (ctx) => authenticated(ctx, name)?.groups.map(str) ?? NONE,
      };
    },
  },
};
