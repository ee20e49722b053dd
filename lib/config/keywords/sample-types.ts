/**
 * Types and availability of HAProxy 2.6 sample fetches and converters (the
 * data behind configuration manual section 7.3): what each fetch returns,
 * what each converter turns a sample into, and at which processing steps a
 * fetch has data. tslb uses it as HAProxy does at load time: to pick an
 * ACL's default match method, to check patterns (integers, addresses), and
 * to refuse a fetch where its data cannot exist (a response header in an
 * `http-request` rule).
 *
 * Generated from the reference binary (haproxy 2.6.12):
 *   haproxy -dKsmp -q -c -f /dev/null   (fetches: availability columns, output type)
 *   haproxy -dKcnv -q -c -f /dev/null   (converters: output type is printed first)
 * The names match SAMPLE_FETCHES and CONVERTERS in haproxy-catalogue.ts; a
 * test keeps the two in step.
 */

/** Sample types, with HAProxy's ipv4 / ipv6 / addr folded into 'ip' and sint called 'int'. */
export type SampleType = 'any' | 'bin' | 'bool' | 'int' | 'ip' | 'meth' | 'str';

/**
 * The processing steps a fetch may be evaluated at, in the order of the
 * columns of `haproxy -dKsmp`. A fetch's availability is a mask over them.
 */
export const SAMPLE_STEPS = [
  'frontend tcp-request connection rule',
  'frontend tcp-request session rule',
  'frontend tcp-request content rule',
  'frontend http-request header rule',
  'frontend http-request body rule',
  'frontend use_backend rule',
  'backend tcp-request content rule',
  'backend http-request header rule',
  'backend http-request body rule',
  'backend use-server, balance or stick-match rule',
  'server source selection',
  'backend tcp-response content rule',
  'backend http-response header rule',
  'backend http-response body rule',
  'backend stick-store rule',
  'frontend tcp-response content rule',
  'frontend http-response header rule',
  'frontend http-response body rule',
  'logs',
  'backend tcp-check rule',
  'configuration parser',
  'CLI parser',
] as const;

export type SampleStep = (typeof SAMPLE_STEPS)[number];

/** A mask with the bit of each step set. */
export function stepMask(...steps: readonly SampleStep[]): number {
  let mask = 0;
  for (const s of steps) mask |= 1 << SAMPLE_STEPS.indexOf(s);
  return mask;
}

/** [output type, availability ('Y' per usable step, in SAMPLE_STEPS order), names]. */
const FETCH_GROUPS: readonly (readonly [SampleType, string, string])[] = [
  ['any', 'YYYYYYYYYYYYYYYYYYYYYY',
    'var'],
  ['bin', '...........YYYYYYY.Y..',
    'res.body res.hdrs res.hdrs_bin res.payload res.payload_lv'],
  ['bin', '...........YYYYYYYYY..',
    'ssl_bc_client_random ssl_bc_server_random ssl_bc_session_id ssl_bc_session_key ssl_bc_unique_id'],
  ['bin', '..YYYYYYYYY...........',
    'base32+src req.body req.body_param req.hdrs req.hdrs_bin req.payload req.payload_lv url32+src'],
  ['bin', '..YYYYYYYYYYYYYYYY.Y..',
    'distcc_body internal.htx_blk.data payload payload_lv'],
  ['bin', '.YYYYYYYYYYYYYYYYYY...',
    'ssl_c_chain_der ssl_c_der ssl_c_serial ssl_c_sha1 ssl_f_der ssl_f_serial ssl_f_sha1 ' +
    'ssl_fc_cipherlist_hex ssl_fc_client_random ssl_fc_server_random ssl_fc_session_id ' +
    'ssl_fc_session_key ssl_fc_unique_id ssl_s_chain_der ssl_s_der ssl_s_serial ssl_s_sha1'],
  ['bin', 'YYYYYYYYYYYYYYYYYYYYYY',
    'bin'],
  ['bool', '...........YYYYYYYYY..',
    'res.comp ssl_bc ssl_bc_is_resumed'],
  ['bool', '..........YYYYYYYYYY..',
    'res.cache_hit'],
  ['bool', '..YYYYYYYYY...........',
    'http_auth req.ssl_ec_ext'],
  ['bool', '..YYYYYYYYYYYYYYYY.Y..',
    'internal.htx.has_eom'],
  ['bool', '..YYYYYYYYYYYYYYYYY...',
    'http_first_req req.proto_http req_proto_http'],
  ['bool', '.YYYYYYYYYYYYYYYYYY...',
    'ssl_c_used ssl_fc ssl_fc_has_crt ssl_fc_has_early ssl_fc_has_sni ssl_fc_is_resumed'],
  ['bool', 'YYYYYYYYYYYYYYYYYYYY..',
    'dst_is_local fc_dst_is_local fc_rcvd_proxy fc_src_is_local src_is_local'],
  ['bool', 'YYYYYYYYYYYYYYYYYYYY.Y',
    'internal.strm.is_htx sc0_tracked sc1_tracked sc2_tracked sc_tracked srv_is_up stopping wait_end'],
  ['bool', 'YYYYYYYYYYYYYYYYYYYYYY',
    'always_false always_true bool'],
  ['int', '...........YYYYYYY.Y..',
    'rep_ssl_hello_type res.body_len res.body_size res.cook_cnt res.cook_val res.fhdr_cnt res.hdr_cnt ' +
    'res.hdr_val res.len res.ssl_hello_type scook_cnt scook_val shdr_cnt shdr_val'],
  ['int', '...........YYYYYYYYY..',
    'bc_dst bc_dst_port bc_err bc_http_major bc_src bc_src_port ssl_bc_alg_keysize ssl_bc_err ' +
    'ssl_bc_use_keysize status'],
  ['int', '..........YYYYYYYYYY..',
    'srv_id'],
  ['int', '......YYYYYYYYYYYYYY..',
    'be_id be_server_timeout be_tunnel_timeout cur_server_timeout cur_tunnel_timeout'],
  ['int', '..YYYYYYYYY...........',
    'base32 cook_cnt cook_val hdr_cnt hdr_val rdp_cookie_cnt req.body_len req.body_size req.cook_cnt ' +
    'req.cook_val req.fhdr_cnt req.hdr_cnt req.hdr_val req.len req.rdp_cookie_cnt req.ssl_hello_type ' +
    'req.ssl_st_ext req.ssl_ver req_len req_ssl_hello_type req_ssl_ver url32 url_port urlp_val'],
  ['int', '..YYYYYYYYYYYYYYYY.Y..',
    'distcc_param internal.htx.data internal.htx.free internal.htx.free_data internal.htx.nbblks ' +
    'internal.htx.size internal.htx.used internal.htx_blk.size'],
  ['int', '.YYYYYYYYYYYYYYYYYY...',
    'ssl_c_ca_err ssl_c_ca_err_depth ssl_c_err ssl_c_verify ssl_c_version ssl_f_version ' +
    'ssl_fc_alg_keysize ssl_fc_cipherlist_xxh ssl_fc_err ssl_fc_protocol_hello_id ssl_fc_use_keysize ' +
    'ssl_s_version'],
  ['int', 'YYYYYYYYYYYYYYYYYYY...',
    'dst_conn fe_client_timeout fe_id so_id'],
  ['int', 'YYYYYYYYYYYYYYYYYYYY..',
    'dst_port fc_dst_port fc_err fc_fackets fc_http_major fc_lost fc_reordering fc_retrans fc_rtt ' +
    'fc_rttvar fc_sacked fc_src_port fc_unacked sc0_kbytes_in sc0_kbytes_out sc1_kbytes_in ' +
    'sc1_kbytes_out sc2_kbytes_in sc2_kbytes_out sc_kbytes_in sc_kbytes_out src_bytes_in_rate ' +
    'src_bytes_out_rate src_clr_gpc src_clr_gpc0 src_clr_gpc1 src_conn_cnt src_conn_cur src_conn_rate ' +
    'src_get_gpc src_get_gpc0 src_get_gpc1 src_get_gpt src_get_gpt0 src_gpc0_rate src_gpc1_rate ' +
    'src_gpc_rate src_http_err_cnt src_http_err_rate src_http_fail_cnt src_http_fail_rate ' +
    'src_http_req_cnt src_http_req_rate src_inc_gpc src_inc_gpc0 src_inc_gpc1 src_kbytes_in ' +
    'src_kbytes_out src_port src_sess_cnt src_sess_rate src_updt_conn_cnt'],
  ['int', 'YYYYYYYYYYYYYYYYYYYY.Y',
    'avg_queue be_conn be_conn_free be_sess_rate connslots cpu_calls cpu_ns_avg cpu_ns_tot fe_conn ' +
    'fe_req_rate fe_sess_rate last_rule_line lat_ns_avg lat_ns_tot nbsrv prio_class prio_offset queue ' +
    'sc0_bytes_in_rate sc0_bytes_out_rate sc0_clr_gpc0 sc0_clr_gpc1 sc0_conn_cnt sc0_conn_cur ' +
    'sc0_conn_rate sc0_get_gpc0 sc0_get_gpc1 sc0_get_gpt0 sc0_gpc0_rate sc0_gpc1_rate ' +
    'sc0_http_err_cnt sc0_http_err_rate sc0_http_fail_cnt sc0_http_fail_rate sc0_http_req_cnt ' +
    'sc0_http_req_rate sc0_inc_gpc0 sc0_inc_gpc1 sc0_sess_cnt sc0_sess_rate sc0_trackers ' +
    'sc1_bytes_in_rate sc1_bytes_out_rate sc1_clr_gpc sc1_clr_gpc0 sc1_clr_gpc1 sc1_conn_cnt ' +
    'sc1_conn_cur sc1_conn_rate sc1_get_gpc0 sc1_get_gpc1 sc1_get_gpt0 sc1_gpc0_rate sc1_gpc1_rate ' +
    'sc1_http_err_cnt sc1_http_err_rate sc1_http_fail_cnt sc1_http_fail_rate sc1_http_req_cnt ' +
    'sc1_http_req_rate sc1_inc_gpc0 sc1_inc_gpc1 sc1_sess_cnt sc1_sess_rate sc1_trackers ' +
    'sc2_bytes_in_rate sc2_bytes_out_rate sc2_clr_gpc0 sc2_clr_gpc1 sc2_conn_cnt sc2_conn_cur ' +
    'sc2_conn_rate sc2_get_gpc0 sc2_get_gpc1 sc2_get_gpt0 sc2_gpc0_rate sc2_gpc1_rate ' +
    'sc2_http_err_cnt sc2_http_err_rate sc2_http_fail_cnt sc2_http_fail_rate sc2_http_req_cnt ' +
    'sc2_http_req_rate sc2_inc_gpc0 sc2_inc_gpc1 sc2_sess_cnt sc2_sess_rate sc2_trackers ' +
    'sc_bytes_in_rate sc_bytes_out_rate sc_clr_gpc sc_clr_gpc0 sc_clr_gpc1 sc_conn_cnt sc_conn_cur ' +
    'sc_conn_rate sc_get_gpc sc_get_gpc0 sc_get_gpc1 sc_get_gpt sc_get_gpt0 sc_gpc0_rate sc_gpc1_rate ' +
    'sc_gpc_rate sc_http_err_cnt sc_http_err_rate sc_http_fail_cnt sc_http_fail_rate sc_http_req_cnt ' +
    'sc_http_req_rate sc_inc_gpc sc_inc_gpc0 sc_inc_gpc1 sc_sess_cnt sc_sess_rate sc_trackers ' +
    'srv_conn srv_conn_free srv_iweight srv_queue srv_sess_rate srv_uweight srv_weight table_avl ' +
    'table_cnt'],
  ['int', 'YYYYYYYYYYYYYYYYYYYYYY',
    'date date_us int nbproc proc rand thread'],
  ['ip', '...........YYYYYYY.Y..',
    'res.hdr_ip shdr_ip'],
  ['ip', '..YYYYYYYYY...........',
    'hdr_ip req.hdr_ip url_ip'],
  ['ip', 'YYYYYYYYYYYYYYYYYYYY..',
    'dst fc_dst fc_src src'],
  ['ip', 'YYYYYYYYYYYYYYYYYYYYYY',
    'ipv4 ipv6'],
  ['meth', '..YYYYYYYYYYYYYYYYY...',
    'method'],
  ['meth', 'YYYYYYYYYYYYYYYYYYYYYY',
    'meth'],
  ['str', '...........YYYYYYY.Y..',
    'res.cook res.fhdr res.hdr res.hdr_names res.ver resp_ver scook shdr'],
  ['str', '...........YYYYYYYYY..',
    'bc_err_str capture.res.hdr res.comp_algo ssl_bc_alpn ssl_bc_cipher ssl_bc_err_str ssl_bc_npn ' +
    'ssl_bc_protocol'],
  ['str', '..........YYYYYYYYYY..',
    'res.cache_name srv_name'],
  ['str', '......YYYYYYYYYYYYYY..',
    'be_name'],
  ['str', '..YYYYYYYYY...........',
    'base baseq cook fcgi.docroot fcgi.index http_auth_bearer http_auth_group http_auth_pass ' +
    'http_auth_type http_auth_user path pathq query rdp_cookie req.cook req.fhdr req.hdr ' +
    'req.hdr_names req.rdp_cookie req.ssl_alpn req.ssl_sni req.ver req_ssl_sni req_ver url url_param ' +
    'urlp'],
  ['str', '..YYYYYYYYYYYYYYYY.Y..',
    'cookie hdr internal.htx_blk.hdrname internal.htx_blk.hdrval internal.htx_blk.start_line ' +
    'internal.htx_blk.type'],
  ['str', '..YYYYYYYYYYYYYYYYY...',
    'capture.req.hdr capture.req.method capture.req.uri capture.req.ver capture.res.ver'],
  ['str', '.YYYYYYYYYYYYYYYYYY...',
    'ssl_c_i_dn ssl_c_key_alg ssl_c_notafter ssl_c_notbefore ssl_c_s_dn ssl_c_sig_alg ssl_f_i_dn ' +
    'ssl_f_key_alg ssl_f_notafter ssl_f_notbefore ssl_f_s_dn ssl_f_sig_alg ssl_fc_alpn ssl_fc_cipher ' +
    'ssl_fc_cipherlist_bin ssl_fc_cipherlist_str ssl_fc_client_early_traffic_secret ' +
    'ssl_fc_client_handshake_traffic_secret ssl_fc_client_traffic_secret_0 ' +
    'ssl_fc_early_exporter_secret ssl_fc_ecformats_bin ssl_fc_eclist_bin ssl_fc_err_str ' +
    'ssl_fc_exporter_secret ssl_fc_extlist_bin ssl_fc_npn ssl_fc_protocol ' +
    'ssl_fc_server_handshake_traffic_secret ssl_fc_server_traffic_secret_0 ssl_fc_sni ssl_s_i_dn ' +
    'ssl_s_key_alg ssl_s_notafter ssl_s_notbefore ssl_s_s_dn ssl_s_sig_alg'],
  ['str', 'YYYYYYYYYYYYYYYYYYY...',
    'fe_defbe fe_name so_name'],
  ['str', 'YYYYYYYYYYYYYYYYYYYY..',
    'fc_err_str fc_pp_authority fc_pp_unique_id'],
  ['str', 'YYYYYYYYYYYYYYYYYYYY.Y',
    'last_rule_file'],
  ['str', 'YYYYYYYYYYYYYYYYYYYYYY',
    'env hostname str unique-id uuid'],
];

/** Output type of each converter. */
const CONVERTER_GROUPS: Readonly<Record<SampleType, string>> = {
  int:
    'add and cpl crc32 crc32c div djb2 hex2i jwt_verify length map_beg_int map_dir_int map_dom_int ' +
    'map_end_int map_int_int map_ip_int map_reg_int map_str_int map_sub_int mod mul nbsrv neg or ' +
    'port_only sdbm srv_queue strcmp sub table_bytes_in_rate table_bytes_out_rate table_conn_cnt ' +
    'table_conn_cur table_conn_rate table_expire table_gpc table_gpc0 table_gpc0_rate table_gpc1 ' +
    'table_gpc1_rate table_gpc_rate table_gpt table_gpt0 table_http_err_cnt table_http_err_rate ' +
    'table_http_fail_cnt table_http_fail_rate table_http_req_cnt table_http_req_rate table_idle ' +
    'table_kbytes_in table_kbytes_out table_server_id table_sess_cnt table_sess_rate table_trackers ' +
    'wt6 xor xxh3 xxh32 xxh64',
  str:
    'add_item base64 be2dec be2hex capture-req capture-res concat cut_crlf field hex host_only ' +
    'http_date iif json language lower ltime ltrim map map_beg map_dir map_dom map_end map_int map_ip ' +
    'map_reg map_regm map_str map_sub mqtt_field_value regsub rtrim ub64enc upper url_dec url_enc ' +
    'utime word',
  bin:
    'aes_gcm_dec b64dec bytes digest fix_tag_value hmac htonl protobuf sha1 sha2 ub64dec ungrpc',
  bool:
    'bool even fix_is_valid in_table mqtt_is_valid not odd secure_memcmp',
  any:
    'debug json_query jwt_header_query jwt_payload_query set-var unset-var',
  ip:
    'ipmask map_beg_ip map_dir_ip map_dom_ip map_end_ip map_int_ip map_ip_ip map_reg_ip map_str_ip ' +
    'map_sub_ip',
  meth: '',
};

export interface FetchInfo {
  readonly type: SampleType;
  /** Bit i set = usable at SAMPLE_STEPS[i]. */
  readonly usable: number;
}

function fetchTable(): ReadonlyMap<string, FetchInfo> {
  const map = new Map<string, FetchInfo>();
  for (const [type, columns, names] of FETCH_GROUPS) {
    let usable = 0;
    for (let i = 0; i < columns.length; i++) if (columns[i] === 'Y') usable |= 1 << i;
    for (const name of names.split(' ')) map.set(name, { type, usable });
  }
  return map;
}

function converterTable(): ReadonlyMap<string, SampleType> {
  const map = new Map<string, SampleType>();
  for (const [type, names] of Object.entries(CONVERTER_GROUPS) as [SampleType, string][]) {
    for (const name of names.split(' ')) if (name !== '') map.set(name, type);
  }
  return map;
}

export const FETCH_INFO: ReadonlyMap<string, FetchInfo> = fetchTable();
export const CONVERTER_TYPES: ReadonlyMap<string, SampleType> = converterTable();
