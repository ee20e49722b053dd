/**
 * The tags and value type of every statistics field as HAProxy 2.6.12
 * prints them in `show stat typed` and `show stat json` (management guide
 * 9.2), per object type: a frontend, backend, server or listener row may
 * give the same column a different nature (a backend's `rate` is a gauge, a
 * frontend's a rate). Read off the real binary's typed output for
 * frontends, listeners, backends and servers with and without checks,
 * agents, tracking, slowstart, maxconn and maxqueue
 * (test/stats/csv-differential.test.ts compares it with the binary again); an
 * entry is undefined where HAProxy never prints the field for that type.
 *
 * Tags are three letters — origin, nature, scope:
 *   origin  M metric, S status, K key, C config, P product
 *   nature  A age, a average, C counter, D duration, G gauge, L limit,
 *           M max, m min, N name, O output, R rate, T time
 *   scope   C cluster, P process, S service, s system
 */
import { STAT_FIELDS } from './columns.js';
import type { StatObjectType } from './row.js';

/** A value's type in the typed and JSON outputs. */
export type FieldValueType = 'u32' | 's32' | 'u64' | 's64' | 'str';

export interface FieldType {
  /** Origin, nature and scope letters, e.g. `MGP`. */
  readonly tags: string;
  readonly type: FieldValueType;
}

/** Per field position (static fields, then the module columns), `'<tags> <type>'` for a frontend, backend, server and listener row. */
type Spec = readonly [string | undefined, string | undefined, string | undefined, string | undefined];

// prettier-ignore
const SPECS: readonly Spec[] = [
  ['KNS str', 'KNS str', 'KNS str', 'KNS str'], // 0 pxname
  ['KNS str', 'KNS str', 'KNS str', 'KNS str'], // 1 svname
  [undefined, 'MGP u32', 'MGP u32', undefined], // 2 qcur
  [undefined, 'MMP u32', 'MMP u32', undefined], // 3 qmax
  ['MGP u32', 'MGP u32', 'MGP u32', 'MGP u32'], // 4 scur
  ['MMP u32', 'MMP u32', 'MMP u32', 'MMP u32'], // 5 smax
  ['CLP u32', 'CLP u32', 'CLP u32', 'CLP u32'], // 6 slim
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 7 stot
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 8 bin
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 9 bout
  ['MCP u64', 'MCP u64', undefined, 'MCP u64'], // 10 dreq
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 11 dresp
  ['MCP u64', undefined, undefined, 'MCP u64'], // 12 ereq
  [undefined, 'MCP u64', 'MCP u64', undefined], // 13 econ
  [undefined, 'MCP u64', 'MCP u64', undefined], // 14 eresp
  [undefined, 'MCP u64', 'MCP u64', undefined], // 15 wretr
  [undefined, 'MCP u64', 'MCP u64', undefined], // 16 wredis
  ['SGP str', 'SGP str', 'SGP str', 'SGP str'], // 17 status
  [undefined, 'MaP u32', 'MaP u32', undefined], // 18 weight
  [undefined, 'MGP u32', 'SGP u32', undefined], // 19 act
  [undefined, 'MGP u32', 'SGP u32', undefined], // 20 bck
  [undefined, undefined, 'MCP u64', undefined], // 21 chkfail
  [undefined, 'MCP u64', 'MCP u64', undefined], // 22 chkdown
  [undefined, 'MAP u32', 'MAP u32', undefined], // 23 lastchg
  [undefined, 'MCP u32', 'MCP u32', undefined], // 24 downtime
  [undefined, undefined, 'CGS u32', undefined], // 25 qlimit
  ['KGP u32', 'KGP u32', 'KGP u32', 'KGP u32'], // 26 pid
  ['KGS u32', 'KGS u32', 'KGS u32', 'KGS u32'], // 27 iid
  ['KGS u32', 'KGS u32', 'KGS u32', 'KGS u32'], // 28 sid
  [undefined, undefined, 'MaP u32', undefined], // 29 throttle
  [undefined, 'MCP u64', 'MCP u64', undefined], // 30 lbtot
  [undefined, undefined, 'CNS str', undefined], // 31 tracked
  ['CGS u32', 'CGS u32', 'CGS u32', 'CGS u32'], // 32 type
  ['MRP u32', 'MGP u32', 'MRP u32', undefined], // 33 rate
  ['CLP u32', undefined, undefined, undefined], // 34 rate_lim
  ['MMP u32', 'MGP u32', 'MMP u32', undefined], // 35 rate_max
  [undefined, undefined, 'MOP str', undefined], // 36 check_status
  [undefined, undefined, 'MOP u32', undefined], // 37 check_code
  [undefined, undefined, 'MDP u64', undefined], // 38 check_duration
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 39 hrsp_1xx
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 40 hrsp_2xx
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 41 hrsp_3xx
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 42 hrsp_4xx
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 43 hrsp_5xx
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 44 hrsp_other
  [undefined, undefined, 'MCP u64', undefined], // 45 hanafail
  ['MRP u32', undefined, undefined, undefined], // 46 req_rate
  ['MMP u32', undefined, undefined, undefined], // 47 req_rate_max
  ['MCP u64', 'MCP u64', 'MCP u64', undefined], // 48 req_tot
  [undefined, 'MCP u64', 'MCP u64', undefined], // 49 cli_abrt
  [undefined, 'MCP u64', 'MCP u64', undefined], // 50 srv_abrt
  ['MCP u64', 'MCP u64', undefined, undefined], // 51 comp_in
  ['MCP u64', 'MCP u64', undefined, undefined], // 52 comp_out
  ['MCP u64', 'MCP u64', undefined, undefined], // 53 comp_byp
  ['MCP u64', 'MCP u64', undefined, undefined], // 54 comp_rsp
  [undefined, 'MAP s32', 'MAP s32', undefined], // 55 lastsess
  [undefined, undefined, 'MOP str', undefined], // 56 last_chk
  [undefined, undefined, 'MOP str', undefined], // 57 last_agt
  [undefined, 'MaP u32', 'MaP u32', undefined], // 58 qtime
  [undefined, 'MaP u32', 'MaP u32', undefined], // 59 ctime
  [undefined, 'MaP u32', 'MaP u32', undefined], // 60 rtime
  [undefined, 'MaP u32', 'MaP u32', undefined], // 61 ttime
  [undefined, undefined, 'MOP str', undefined], // 62 agent_status
  [undefined, undefined, 'MOP u32', undefined], // 63 agent_code
  [undefined, undefined, 'MDP u64', undefined], // 64 agent_duration
  [undefined, undefined, 'MOP str', undefined], // 65 check_desc
  [undefined, undefined, 'MOP str', undefined], // 66 agent_desc
  [undefined, undefined, 'CGS u32', undefined], // 67 check_rise
  [undefined, undefined, 'CGS u32', undefined], // 68 check_fall
  [undefined, undefined, 'CGS u32', undefined], // 69 check_health
  [undefined, undefined, 'CGS u32', undefined], // 70 agent_rise
  [undefined, undefined, 'CGS u32', undefined], // 71 agent_fall
  [undefined, undefined, 'CGS u32', undefined], // 72 agent_health
  [undefined, undefined, 'CGS str', 'CGS str'], // 73 addr
  [undefined, 'CNS str', 'CNS str', undefined], // 74 cookie
  ['CGS str', 'CGS str', 'CGS str', 'CGS str'], // 75 mode
  [undefined, 'CGS str', undefined, undefined], // 76 algo
  ['MRP u32', undefined, undefined, undefined], // 77 conn_rate
  ['MMP u32', undefined, undefined, undefined], // 78 conn_rate_max
  ['MCP u64', undefined, undefined, undefined], // 79 conn_tot
  ['MCP u64', undefined, undefined, undefined], // 80 intercepted
  ['MCP u64', undefined, undefined, 'MCP u64'], // 81 dcon
  ['MCP u64', undefined, undefined, 'MCP u64'], // 82 dses
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 83 wrew
  [undefined, 'MCP u64', 'MCP u64', undefined], // 84 connect
  [undefined, 'MCP u64', 'MCP u64', undefined], // 85 reuse
  ['MCP u64', 'MCP u64', undefined, undefined], // 86 cache_lookups
  ['MCP u64', 'MCP u64', undefined, undefined], // 87 cache_hits
  [undefined, undefined, 'MGP u32', undefined], // 88 srv_icur
  [undefined, undefined, 'CLP u32', undefined], // 89 src_ilim
  [undefined, 'MMP u32', 'MMP u32', undefined], // 90 qtime_max
  [undefined, 'MMP u32', 'MMP u32', undefined], // 91 ctime_max
  [undefined, 'MMP u32', 'MMP u32', undefined], // 92 rtime_max
  [undefined, 'MMP u32', 'MMP u32', undefined], // 93 ttime_max
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 94 eint
  [undefined, undefined, 'MGP u32', undefined], // 95 idle_conn_cur
  [undefined, undefined, 'MGP u32', undefined], // 96 safe_conn_cur
  [undefined, undefined, 'MGP u32', undefined], // 97 used_conn_cur
  [undefined, undefined, 'MGP u32', undefined], // 98 need_conn_est
  [undefined, 'MaP u32', 'MaP u32', undefined], // 99 uweight
  [undefined, 'MGP u32', undefined, undefined], // 100 agg_server_status
  [undefined, 'MGP u32', undefined, undefined], // 101 agg_server_check_status
  [undefined, 'MGP u32', undefined, undefined], // 102 agg_check_status
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 103 ssl_sess
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 104 ssl_reused_sess
  ['MCP u64', 'MCP u64', 'MCP u64', 'MCP u64'], // 105 ssl_failed_handshake
  ['MCP u64', 'MCP u64', undefined, undefined], // 106 h2_headers_rcvd
  ['MCP u64', 'MCP u64', undefined, undefined], // 107 h2_data_rcvd
  ['MCP u64', 'MCP u64', undefined, undefined], // 108 h2_settings_rcvd
  ['MCP u64', 'MCP u64', undefined, undefined], // 109 h2_rst_stream_rcvd
  ['MCP u64', 'MCP u64', undefined, undefined], // 110 h2_goaway_rcvd
  ['MCP u64', 'MCP u64', undefined, undefined], // 111 h2_detected_conn_protocol_errors
  ['MCP u64', 'MCP u64', undefined, undefined], // 112 h2_detected_strm_protocol_errors
  ['MCP u64', 'MCP u64', undefined, undefined], // 113 h2_rst_stream_resp
  ['MCP u64', 'MCP u64', undefined, undefined], // 114 h2_goaway_resp
  ['MGP u64', 'MGP u64', undefined, undefined], // 115 h2_open_connections
  ['MGP u64', 'MGP u64', undefined, undefined], // 116 h2_backend_open_streams
  ['MCP u64', 'MCP u64', undefined, undefined], // 117 h2_total_connections
  ['MCP u64', 'MCP u64', undefined, undefined], // 118 h2_backend_total_streams
  ['MGP u64', 'MGP u64', undefined, undefined], // 119 h1_open_connections
  ['MGP u64', 'MGP u64', undefined, undefined], // 120 h1_open_streams
  ['MCP u64', 'MCP u64', undefined, undefined], // 121 h1_total_connections
  ['MCP u64', 'MCP u64', undefined, undefined], // 122 h1_total_streams
  ['MCP u64', 'MCP u64', undefined, undefined], // 123 h1_bytes_in
  ['MCP u64', 'MCP u64', undefined, undefined], // 124 h1_bytes_out
  ['MCP u64', 'MCP u64', undefined, undefined], // 125 h1_spliced_bytes_in
  ['MCP u64', 'MCP u64', undefined, undefined], // 126 h1_spliced_bytes_out
];

const COLUMN: Readonly<Record<StatObjectType, number>> = { frontend: 0, backend: 1, server: 2, listener: 3 };

function parse(spec: string): FieldType {
  const [tags, type] = spec.split(' ') as [string, FieldValueType];
  return { tags, type };
}

const TABLE: readonly (readonly (FieldType | undefined)[])[] = SPECS.map((s) => s.map((v) => (v === undefined ? undefined : parse(v))));

/**
 * The tags and type of field `pos` (static fields 0..102, module columns
 * after them) in a row of `type`, or undefined when HAProxy never prints it
 * for that object type.
 */
export function statFieldType(type: StatObjectType, pos: number): FieldType | undefined {
  return TABLE[pos]?.[COLUMN[type]];
}

/** The type HAProxy gives the field in some row, for a value it never prints for this object type. */
export function anyStatFieldType(pos: number): FieldType | undefined {
  return TABLE[pos]?.find((t) => t !== undefined);
}

/** Number of typed positions: the static fields and the module columns. */
export const TYPED_FIELDS = SPECS.length;

/** Position of the first module column in the typed outputs (the CSV header has a '-' column before it, the typed outputs do not). */
export const FIRST_MODULE_POS = STAT_FIELDS.length;
