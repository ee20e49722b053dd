/**
 * Where each stored datum of a table lives in its entries' data array, built
 * once from the `store` list of the table (configuration manual 4.2
 * "stick-table"). Callers resolve the slots they use at load time
 * (`layout.slot('http_req_rate')`) and pass them on the hot path, so an update
 * is an array access and a little arithmetic.
 *
 * A counter takes one number, a rate three (freq-counter.ts), the server key
 * none (it is a string field of the entry). Array types get one slot per
 * element, named as `show table` prints them: `gpt2`, `gpc1`, `gpc1_rate`.
 */
import type { StickStore } from '../config/model/stick.js';
import { STICK_DATA_TYPES, stickDataType, type StickDataName, type StickDataType } from './data-types.js';

export interface StickSlot {
  readonly type: StickDataType;
  /** Element of an array type (gpt, gpc, gpc_rate); 0 for the others. */
  readonly index: number;
  /** First number of the datum in StickEntry.data; -1 for the server key. */
  readonly offset: number;
  /** Period of a rate in ms; 0 for the other kinds. */
  readonly period: number;
  /** `show table`'s `<label>=<value>`: conn_cnt, conn_rate(10000), gpc1_rate(5000), gpt2. */
  readonly label: string;
}

/** An array element's name: the index goes before the first `_` (gpc_rate, 1 → gpc1_rate). */
function elementName(name: string, index: number): string {
  const cut = name.indexOf('_');
  return cut < 0 ? `${name}${index}` : `${name.slice(0, cut)}${index}${name.slice(cut)}`;
}

export class StickLayout {
  /** Every stored datum, in `show table` order. */
  readonly slots: readonly StickSlot[];
  /** Numbers per entry. */
  readonly width: number;
  readonly #byName = new Map<string, readonly StickSlot[]>();

  constructor(store: readonly StickStore[]) {
    const slots: StickSlot[] = [];
    let width = 0;
    for (const type of STICK_DATA_TYPES) {
      const item = store.find((s) => stickDataType(s.name) === type);
      if (!item) continue;
      const period = type.kind === 'rate' ? (item.period ?? 0) : 0;
      const count = type.array ? (item.count ?? 1) : 1;
      const elements: StickSlot[] = [];
      for (let index = 0; index < count; index++) {
        const name = type.array ? elementName(type.name, index) : type.name;
        const offset = type.kind === 'dict' ? -1 : width;
        width += type.kind === 'rate' ? 3 : type.kind === 'dict' ? 0 : 1;
        elements.push({ type, index, offset, period, label: period ? `${name}(${period})` : name });
      }
      slots.push(...elements);
      this.#byName.set(type.name, elements);
    }
    this.slots = slots;
    this.width = width;
  }

  /** The slot of a datum (an array's element `index`), or undefined when the table does not store it. */
  slot(name: StickDataName, index = 0): StickSlot | undefined {
    return this.#byName.get(name)?.[index];
  }

  /** The slot of a data type from the catalogue (its element `index`), if stored. */
  slotOf(type: StickDataType, index = 0): StickSlot | undefined {
    return this.#byName.get(type.name)?.[index];
  }
}
