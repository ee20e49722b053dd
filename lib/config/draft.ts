/**
 * Mutable drafts of the model, used only while parsing: keyword handlers
 * fill a Draft<Proxy>, and load.ts freezes it into a Proxy at the end.
 */
export type Draft<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? Draft<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Draft<T[K]> }
      : T;
