/**
 * ACLs every proxy can use without declaring them (configuration manual
 * 7.4), with the criterion each stands for, written in ACL syntax.
 */
export const PREDEFINED_ACL_DEFINITIONS: ReadonlyMap<string, string> = new Map([
  ['FALSE', 'always_false'],
  ['HTTP', 'req.proto_http'],
  ['HTTP_1.0', 'req.ver 1.0'],
  ['HTTP_1.1', 'req.ver 1.1'],
  ['HTTP_2.0', 'req.ver 2.0'],
  ['HTTP_CONTENT', 'req.hdr_val(content-length) gt 0'],
  ['HTTP_URL_ABS', 'url_reg ^[^/:]*://'],
  ['HTTP_URL_SLASH', 'url_beg /'],
  ['HTTP_URL_STAR', 'url *'],
  ['LOCALHOST', 'src 127.0.0.1/8 ::1'],
  ['METH_CONNECT', 'method CONNECT'],
  ['METH_DELETE', 'method DELETE'],
  ['METH_GET', 'method GET HEAD'],
  ['METH_HEAD', 'method HEAD'],
  ['METH_OPTIONS', 'method OPTIONS'],
  ['METH_POST', 'method POST'],
  ['METH_PUT', 'method PUT'],
  ['METH_TRACE', 'method TRACE'],
  ['RDP_COOKIE', 'req.rdp_cookie_cnt gt 0'],
  ['REQ_CONTENT', 'req.len gt 0'],
  ['TRUE', 'always_true'],
  ['WAIT_END', 'wait_end'],
]);

export const PREDEFINED_ACLS: ReadonlySet<string> = new Set(PREDEFINED_ACL_DEFINITIONS.keys());
