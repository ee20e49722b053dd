/** `http-errors` sections (configuration manual 3.8): named sets of error files, used by `errorfiles`. */
import type { Draft } from '../draft.js';
import type { HttpErrors } from '../model/sections.js';
import { ERRORFILE_CODES, readableFile } from './proxy-settings.js';
import { dispatch, noSectionArgs, type SectionFactory } from './section-parser.js';

export const httpErrorsSection: SectionFactory = (init) => {
  noSectionArgs(init);
  const section: Draft<HttpErrors> = { place: { ...init.place }, name: init.name, errorFiles: [] };
  const existing = init.out.httpErrors.find((x) => x.name === init.name);
  if (existing) {
    init.diags.report('TSLB_ERR_CFG_DUPLICATE', {
      message: `http-errors section '${init.name}' has the same name as the one declared at ${existing.place.file}:${existing.place.line}`,
      place: init.place,
      section: init.section,
    });
  } else {
    init.out.httpErrors.push(section);
  }
  return {
    statement: (words, place) =>
      dispatch(
        init,
        [
          {
            name: 'errorfile',
            parse(ctx, args) {
              if (!ctx.arity(args, 2, 2, '<code> <file>')) return;
              const code = ctx.int(args[0], 100, 599, 'errorfile');
              if (code === undefined) return;
              if (!ERRORFILE_CODES.includes(code)) {
                ctx.error('TSLB_ERR_CFG_ARGS', `errorfile: status code '${code}' not handled`);
                return;
              }
              if (!readableFile(ctx, args[1] as string, 'errorfile')) return;
              section.errorFiles.push({ status: code, file: args[1] as string });
            },
          },
        ],
        words,
        place,
      ),
    end() {},
  };
};
