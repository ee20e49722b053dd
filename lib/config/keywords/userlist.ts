/**
 * `userlist` sections (configuration manual 3.4): users with a crypt(3)
 * `password` or an `insecure-password`, and groups. A repeated user or
 * userlist is ignored with a warning, as HAProxy does.
 */
import type { Draft } from '../draft.js';
import type { Userlist, UserlistUser } from '../model/sections.js';
import { dispatch, noSectionArgs, type SectionFactory, type SectionKeyword } from './section-parser.js';

/** crypt(3) schemes tslb verifies: MD5 ($1$), SHA-256 ($5$), SHA-512 ($6$). */
const CRYPT_SCHEMES = /^\$(1|5|6)\$/;

export const userlistSection: SectionFactory = (init) => {
  noSectionArgs(init);
  const list: Draft<Userlist> = { place: { ...init.place }, name: init.name, groups: [], users: [] };
  const existing = init.out.userlists.find((u) => u.name === init.name);
  if (existing) {
    init.diags.report('TSLB_WRN_CFG_DUPLICATE', {
      message: `ignoring duplicated userlist '${init.name}' (first declared at ${existing.place.file}:${existing.place.line})`,
      place: init.place,
      section: init.section,
    });
  } else {
    init.out.userlists.push(list);
  }
  const keywords: SectionKeyword[] = [
    {
      name: 'group',
      parse(ctx, args) {
        const name = args[0];
        if (name === undefined) {
          ctx.usage("'<name> [users <user>[,<user>...]]'");
          return;
        }
        let users: string[] = [];
        if (args.length > 1) {
          if (args[1] !== 'users' || args[2] === undefined || args.length > 3) {
            ctx.usage("'<name> [users <user>[,<user>...]]'", `unexpected argument '${args[1]}'`);
            return;
          }
          users = (args[2] as string).split(',').filter((u) => u !== '');
        }
        if (list.groups.some((g) => g.name === name)) {
          ctx.warn('TSLB_WRN_CFG_DUPLICATE', `ignoring duplicated group '${name}' in userlist '${init.name}'`);
          return;
        }
        list.groups.push({ place: { ...ctx.place }, name, users });
      },
    },
    {
      name: 'user',
      parse(ctx, args) {
        const name = args[0];
        if (name === undefined) {
          ctx.usage("'<name> [password|insecure-password <password>] [groups <group>[,<group>...]]'");
          return;
        }
        const user: Draft<UserlistUser> = { place: { ...ctx.place }, name, password: { kind: 'insecure', value: '' }, groups: [] };
        for (let i = 1; i < args.length; i += 2) {
          const opt = args[i] as string;
          const value = args[i + 1];
          if (value === undefined) {
            ctx.usage(`a value after '${opt}'`);
            return;
          }
          if (opt === 'password') {
            if (!CRYPT_SCHEMES.test(value)) {
              ctx.error('TSLB_ERR_CFG_UNSUPPORTED', `password hash of user '${name}' uses a crypt(3) scheme tslb does not support (only $1$ MD5, $5$ SHA-256 and $6$ SHA-512)`);
              return;
            }
            user.password = { kind: 'crypt', value };
          } else if (opt === 'insecure-password') {
            user.password = { kind: 'insecure', value };
          } else if (opt === 'groups') {
            user.groups = value.split(',').filter((g) => g !== '');
          } else {
            ctx.usage("'<name> [password|insecure-password <password>] [groups <group>[,<group>...]]'", `unexpected argument '${opt}'`);
            return;
          }
        }
        if (list.users.some((u) => u.name === name)) {
          ctx.warn('TSLB_WRN_CFG_DUPLICATE', `ignoring duplicated user '${name}' in userlist '${init.name}'`);
          return;
        }
        list.users.push(user);
      },
    },
  ];
  return {
    statement: (words, place) => dispatch(init, keywords, words, place),
    end() {
      for (const g of list.groups) {
        for (const u of g.users) {
          if (!list.users.some((x) => x.name === u)) {
            init.diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
              message: `group '${g.name}' of userlist '${init.name}' names unknown user '${u}'`,
              place: g.place,
              section: init.section,
            });
          }
        }
      }
      for (const u of list.users) {
        for (const g of u.groups) {
          if (!list.groups.some((x) => x.name === g)) {
            init.diags.report('TSLB_ERR_CFG_UNKNOWN_REFERENCE', {
              message: `user '${u.name}' of userlist '${init.name}' is in unknown group '${g}'`,
              place: u.place,
              section: init.section,
            });
          }
        }
      }
    },
  };
};
