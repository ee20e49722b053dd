/**
 * The lines of `show info` (management guide 9.3) in HAProxy 2.6.12's order,
 * with their position, name, tags and value type as its `show info typed`
 * prints them (read off the binary; see field-types.ts for the letters).
 * Positions 45 and 46 (zlib memory) belong to builds with zlib, which
 * tslb does not mimic; `description` (51) only shows when the global
 * section has one.
 */
import type { FieldType, FieldValueType } from './field-types.js';

export interface InfoFieldType extends FieldType {
  readonly pos: number;
  readonly name: string;
}

// prettier-ignore
const SPECS: readonly (readonly [number, string, string])[] = [
  [0, 'Name', 'POS str'],
  [1, 'Version', 'POS str'],
  [2, 'Release_date', 'POS str'],
  [3, 'Nbthread', 'CGS u32'],
  [4, 'Nbproc', 'CGS u32'],
  [5, 'Process_num', 'KGP u32'],
  [6, 'Pid', 'SGP u32'],
  [7, 'Uptime', 'MDP str'],
  [8, 'Uptime_sec', 'MDP u32'],
  [9, 'Memmax_MB', 'CLP u32'],
  [10, 'PoolAlloc_MB', 'MGP u32'],
  [11, 'PoolUsed_MB', 'MGP u32'],
  [12, 'PoolFailed', 'MCP u32'],
  [13, 'Ulimit-n', 'CLP u32'],
  [14, 'Maxsock', 'CLP u32'],
  [15, 'Maxconn', 'CLP u32'],
  [16, 'Hard_maxconn', 'CLP u32'],
  [17, 'CurrConns', 'MGP u32'],
  [18, 'CumConns', 'MCP u32'],
  [19, 'CumReq', 'MCP u32'],
  [20, 'MaxSslConns', 'MMP u32'],
  [21, 'CurrSslConns', 'MGP u32'],
  [22, 'CumSslConns', 'MCP u32'],
  [23, 'Maxpipes', 'CLP u32'],
  [24, 'PipesUsed', 'MGP u32'],
  [25, 'PipesFree', 'MGP u32'],
  [26, 'ConnRate', 'MRP u32'],
  [27, 'ConnRateLimit', 'CLP u32'],
  [28, 'MaxConnRate', 'MMP u32'],
  [29, 'SessRate', 'MRP u32'],
  [30, 'SessRateLimit', 'CLP u32'],
  [31, 'MaxSessRate', 'MRP u32'],
  [32, 'SslRate', 'MRP u32'],
  [33, 'SslRateLimit', 'CLP u32'],
  [34, 'MaxSslRate', 'MMP u32'],
  [35, 'SslFrontendKeyRate', 'MGP u32'],
  [36, 'SslFrontendMaxKeyRate', 'MMP u32'],
  [37, 'SslFrontendSessionReuse_pct', 'MGP u32'],
  [38, 'SslBackendKeyRate', 'MRP u32'],
  [39, 'SslBackendMaxKeyRate', 'MMP u32'],
  [40, 'SslCacheLookups', 'MCP u32'],
  [41, 'SslCacheMisses', 'MCP u32'],
  [42, 'CompressBpsIn', 'MRP u32'],
  [43, 'CompressBpsOut', 'MRP u32'],
  [44, 'CompressBpsRateLim', 'CLP u32'],
  [47, 'Tasks', 'MGP u32'],
  [48, 'Run_queue', 'MGP u32'],
  [49, 'Idle_pct', 'MaP u32'],
  [50, 'node', 'COS str'],
  [51, 'description', 'COS str'],
  [52, 'Stopping', 'MGP u32'],
  [53, 'Jobs', 'MGP u32'],
  [54, 'Unstoppable Jobs', 'MGP u32'],
  [55, 'Listeners', 'MGP u32'],
  [56, 'ActivePeers', 'MGP u32'],
  [57, 'ConnectedPeers', 'MGP u32'],
  [58, 'DroppedLogs', 'MGP u32'],
  [59, 'BusyPolling', 'MGP u32'],
  [60, 'FailedResolutions', 'MGP u32'],
  [61, 'TotalBytesOut', 'MGP u64'],
  [62, 'TotalSplicdedBytesOut', 'MGP u64'],
  [63, 'BytesOutRate', 'MRP u64'],
  [64, 'DebugCommandsIssued', 'MGP u32'],
  [65, 'CumRecvLogs', 'MCP u32'],
  [66, 'Build info', 'POS str'],
  [67, 'Memmax_bytes', 'CLP u32'],
  [68, 'PoolAlloc_bytes', 'MGP u64'],
  [69, 'PoolUsed_bytes', 'MGP u64'],
  [70, 'Start_time_sec', 'MDP u32'],
  [71, 'Tainted', 'SGP str'],
];

/** Every `show info` line HAProxy 2.6.12 can print here, in order. */
export const INFO_FIELDS: readonly InfoFieldType[] = SPECS.map(([pos, name, spec]) => {
  const [tags, type] = spec.split(' ') as [string, FieldValueType];
  return { pos, name, tags, type };
});

const BY_NAME: ReadonlyMap<string, InfoFieldType> = new Map(INFO_FIELDS.map((f) => [f.name, f]));

/** The position, tags and type of the `show info` line named so. */
export function infoFieldType(name: string): InfoFieldType | undefined {
  return BY_NAME.get(name);
}
