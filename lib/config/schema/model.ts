/**
 * The JSON Schema of the configuration model (model/*.ts), the contract
 * every later stage relies on: types, value ranges and the discriminated
 * unions. Keyword handlers already report user errors with their place;
 * this schema catches any model a handler could build wrongly.
 */
import { arr, bool, int, ms, nonEmpty, obj, oneOf, port, str, union, unionGroups, type Schema } from './builder.js';

/** Sub-schemas used in many places are defined once and referenced, which keeps the compiled validator small. */
const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const defs: Record<string, Schema> = {};
const shared = (name: string, schema: Schema): Schema => {
  defs[name] = schema;
  return ref(name);
};

const place = shared('place', obj({ file: str(), line: int(1) }));
const logFormat = str();
const sampleExpr = nonEmpty;

const aclCriterion = shared('aclCriterion', obj(
  {
    fetch: nonEmpty,
    ignoreCase: bool,
    files: arr(nonEmpty),
    mapFiles: bool,
    noDns: bool,
    values: arr(str()),
  },
  {
    match: oneOf('found', 'bool', 'int', 'ip', 'bin', 'len', 'str', 'sub', 'reg', 'beg', 'end', 'dir', 'dom'),
    uniqueId: int(),
  },
));

const conditionTerm = union('kind', {
  acl: [{ name: nonEmpty, negate: bool }],
  anonymous: [{ acl: aclCriterion, negate: bool }],
});

const condition = shared('condition', obj({ polarity: oneOf('if', 'unless'), anyOf: arr(arr(conditionTerm, { minItems: 1 }), { minItems: 1 }) }));

const inetBind = { host: str(), port, family: oneOf('any', 'ipv4', 'ipv6') };
const bindAddress = shared('bindAddress', union('kind', { inet: [inetBind], unix: [{ path: nonEmpty }] }));

const bind = obj(
  {
    place,
    spec: nonEmpty,
    address: bindAddress,
    acceptProxy: bool,
    v4v6: bool,
    v6only: bool,
    transparent: bool,
    deferAccept: bool,
    exposeFdListeners: bool,
  },
  {
    name: str(),
    id: int(1),
    ssl: obj(
      { certificates: arr(nonEmpty), strictSni: bool },
      {
        crtList: nonEmpty,
        alpn: arr(nonEmpty),
        ciphers: str(),
        ciphersuites: str(),
        minVersion: oneOf('SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'),
        maxVersion: oneOf('SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'),
        caFile: nonEmpty,
        verify: oneOf('none', 'optional', 'required'),
      },
    ),
    maxconn: int(0),
    backlog: int(0),
    unixMode: int(0, 0o7777),
    unixUser: str(),
    unixGroup: str(),
    unixUid: int(0),
    unixGid: int(0),
    interface: str(),
    proto: oneOf('h1', 'h2'),
    level: oneOf('user', 'operator', 'admin'),
  },
);

const serverPort = union('kind', {
  fixed: [{ value: port }],
  absent: [{}],
  offset: [{ value: int(-65535, 65535) }],
});

const serverAddress = union('kind', {
  inet: [{ host: nonEmpty, port: serverPort, family: oneOf('any', 'ipv4', 'ipv6') }],
  unix: [{ path: nonEmpty }],
});

const serverParamsRequired = {
  weight: int(0, 256),
  check: bool,
  inter: int(1),
  fall: int(1),
  rise: int(1),
  backup: bool,
  maxconn: int(0),
  minconn: int(0),
  maxqueue: int(0),
  slowstart: ms,
  disabled: bool,
  checkSsl: bool,
  checkSendProxy: bool,
  agent: obj({ enabled: bool }, { port, addr: str(), inter: int(1), send: str() }),
  sendProxy: oneOf('none', 'v1', 'v2'),
  ssl: bool,
  errorLimit: int(0),
  initAddr: arr(nonEmpty, { minItems: 1 }),
};
const serverParamsOptional = {
  fastinter: int(1),
  downinter: int(1),
  checkAddr: nonEmpty,
  checkPort: port,
  verify: oneOf('none', 'required'),
  caFile: nonEmpty,
  sni: str(),
  alpn: arr(nonEmpty),
  onMarkedDown: oneOf('shutdown-sessions'),
  onMarkedUp: oneOf('shutdown-backup-sessions'),
  onError: oneOf('fastinter', 'fail-check', 'sudden-death', 'mark-down'),
  observe: oneOf('layer4', 'layer7'),
  resolvers: nonEmpty,
  resolvePrefer: oneOf('ipv4', 'ipv6'),
  track: obj({ server: nonEmpty }, { backend: nonEmpty }),
  cookie: str(),
  poolMaxConn: int(-1),
  poolPurgeDelay: ms,
  maxReuse: int(-1),
};
const serverParams = obj(serverParamsRequired, serverParamsOptional);
const server = obj({ ...serverParamsRequired, place, name: nonEmpty, address: serverAddress }, { ...serverParamsOptional, id: int(1) });

const hashFunction = oneOf('sdbm', 'djb2', 'wt6', 'crc32');
const balance = union('kind', {
  roundrobin: [{}],
  'static-rr': [{}],
  leastconn: [{}],
  first: [{}],
  source: [{}],
  uri: [{ whole: bool, pathOnly: bool, len: int(0), depth: int(0) }],
  url_param: [{ param: nonEmpty, checkPost: bool }],
  hdr: [{ header: nonEmpty, useDomainOnly: bool }],
  random: [{ draws: int(1) }],
  'rdp-cookie': [{ cookie: nonEmpty }],
  hash: [{ expr: sampleExpr }],
});

const cookie = obj({
  name: nonEmpty,
  mode: oneOf('insert', 'rewrite', 'prefix', 'passive'),
  indirect: bool,
  nocache: bool,
  postonly: bool,
  preserve: bool,
  httponly: bool,
  secure: bool,
  domains: arr(nonEmpty),
  // ms, but the configuration allows up to 2^31-1 seconds.
  maxidle: int(0),
  maxlife: int(0),
  attrs: arr(nonEmpty),
});

const returnSpec = obj(
  { status: int(100, 599), headers: arr(obj({ name: nonEmpty, value: str() })) },
  {
    contentType: str(),
    body: unionGroups('kind', [
      [['string', 'lf-string'], { value: str() }],
      [['file', 'lf-file', 'errorfile'], { path: nonEmpty }],
      [['errorfiles'], { name: nonEmpty }],
      [['default-errorfiles'], {}],
    ]),
  },
);

const varScope = oneOf('proc', 'sess', 'txn', 'req', 'res', 'check');
const setVarConditions = arr(oneOf('ifexists', 'ifnotexists', 'ifempty', 'ifnotempty', 'ifset', 'ifnotset', 'ifgt', 'iflt'), { maxItems: 4 });
const action = unionGroups('type', [
  [['allow', 'accept', 'reject', 'silent-drop', 'expect-proxy'], {}],
  [['deny', 'tarpit', 'return'], { response: returnSpec }],
  [['auth'], {}, { realm: str() }],
  [
    ['redirect'],
    {
      redirect: obj(
        { kind: oneOf('location', 'prefix', 'scheme'), value: str(), code: oneOf(301, 302, 303, 307, 308), dropQuery: bool, appendSlash: bool, ignoreEmpty: bool },
        { setCookie: str(), clearCookie: str() },
      ),
    },
  ],
  [['set-header', 'add-header'], { name: nonEmpty, value: logFormat }],
  [['del-header'], { name: nonEmpty, match: oneOf('str', 'beg', 'end', 'sub', 'reg') }],
  [['replace-header', 'replace-value'], { name: nonEmpty, regex: str(), replacement: logFormat }],
  [['set-path', 'set-pathq', 'set-query', 'set-uri', 'set-method'], { value: logFormat }],
  [['replace-path', 'replace-pathq', 'replace-uri'], { regex: str(), replacement: logFormat }],
  [['set-status'], { status: int(100, 999) }, { reason: str() }],
  [['set-var'], { scope: varScope, name: nonEmpty, expr: sampleExpr, conditions: setVarConditions }],
  [['set-var-fmt'], { scope: varScope, name: nonEmpty, format: logFormat, conditions: setVarConditions }],
  [['unset-var'], { scope: varScope, name: nonEmpty }],
  [['set-src'], { expr: sampleExpr }],
  [['track-sc'], { slot: int(0, 2), key: sampleExpr }, { table: nonEmpty }],
  [['sc-inc-gpc0', 'sc-inc-gpc1'], { slot: int(0, 2) }],
  [['capture'], { expr: sampleExpr }, { len: int(0), id: int(0) }],
  [['set-log-level'], { level: oneOf('emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug', 'silent') }],
  [['use-service'], { service: nonEmpty }],
  [['switch-mode'], { mode: oneOf('http') }, { proto: oneOf('h1', 'h2') }],
]);

const rule = shared('rule', obj({ place, action }, { cond: condition }));
const rules = obj({
  httpRequest: arr(rule),
  httpResponse: arr(rule),
  httpAfterResponse: arr(rule),
  tcpRequestConnection: arr(rule),
  tcpRequestSession: arr(rule),
  tcpRequestContent: arr(rule),
  tcpResponseContent: arr(rule),
  redirect: arr(rule),
});

const logTarget = shared('logTarget', obj(
  {
    destination: union('kind', {
      stdout: [{}],
      stderr: [{}],
      udp: [{ host: nonEmpty, port }],
      unix: [{ path: nonEmpty }],
      file: [{ path: nonEmpty }],
      ring: [{ name: nonEmpty }],
    }),
    len: int(80, 65535),
    format: oneOf('rfc3164', 'rfc5424', 'raw', 'short', 'iso', 'timed', 'priority', 'local'),
    facility: nonEmpty,
    global: bool,
  },
  { level: str(), minLevel: str(), sample: str(), formatGiven: bool },
));

const expectOptions = {
  minRecv: int(-1),
  comment: str(),
  okStatus: oneOf('L4OK', 'L6OK', 'L7OK', 'L7OKC'),
  errorStatus: oneOf('L4CON', 'L6RSP', 'L7RSP', 'L7STS', 'L7OKC'),
  toutStatus: oneOf('L4TOUT', 'L6TOUT', 'L7TOUT'),
  onSuccess: logFormat,
  onError: logFormat,
  statusCode: sampleExpr,
};
const headerPattern = obj({ pattern: nonEmpty, match: oneOf('str', 'beg', 'end', 'sub', 'reg'), logFormat: bool });
const httpCheckExpect = unionGroups('kind', [
  [['status'], { codes: arr(obj({ from: int(0), to: int(0) }), { minItems: 1 }) }],
  [['rstatus', 'rstring', 'string'], { pattern: nonEmpty }],
  [['string-lf'], { format: nonEmpty }],
  [['hdr', 'fhdr'], { name: headerPattern }, { value: headerPattern }],
]);
const checkConnect: [readonly string[], Record<string, Schema>, Record<string, Schema>] = [
  ['connect'],
  { place, default: bool, sendProxy: bool, ssl: bool, linger: bool },
  { port: int(1, 65535), portExpr: sampleExpr, addr: nonEmpty, sni: nonEmpty, alpn: arr(nonEmpty), proto: oneOf('h1', 'h2'), comment: str() },
];
const checkSetVar: [readonly string[], Record<string, Schema>] = [['set-var'], { place, name: nonEmpty, conditions: arr(nonEmpty), value: nonEmpty, format: bool }];
const checkUnsetVar: [readonly string[], Record<string, Schema>] = [['unset-var'], { place, name: nonEmpty }];
const checkComment: [readonly string[], Record<string, Schema>] = [['comment'], { place, text: str() }];
const httpCheckRule = unionGroups('type', [
  [
    ['send'],
    { place, uriLogFormat: bool, bodyLogFormat: bool, headers: arr(obj({ name: nonEmpty, value: str() })) },
    { method: nonEmpty, uri: str(), version: str(), body: str(), comment: str() },
  ],
  [['expect'], { place, negate: bool, expect: httpCheckExpect }, expectOptions],
  checkConnect,
  checkSetVar,
  checkUnsetVar,
  checkComment,
]);
const tcpCheckRule = unionGroups('type', [
  checkConnect,
  [['send'], { place, data: str(), logFormat: bool }, { comment: str() }],
  [['send-binary'], { place, hex: str(), logFormat: bool }, { comment: str() }],
  [['expect'], { place, negate: bool, match: oneOf('string', 'rstring', 'binary', 'rbinary', 'string-lf', 'binary-lf'), pattern: str() }, expectOptions],
  checkSetVar,
  checkUnsetVar,
  checkComment,
]);
const checkKind = union('kind', {
  tcp: [{}],
  http: [{ method: nonEmpty, uri: nonEmpty, version: nonEmpty }, { extraHeaders: str() }],
  'tcp-check': [{}],
  redis: [{}],
  mysql: [{ variant: oneOf('pre-41', 'post-41') }, { user: nonEmpty }],
  pgsql: [{ user: nonEmpty }],
  smtp: [{ hello: nonEmpty, domain: nonEmpty }],
  'ssl-hello': [{}],
  ldap: [{}],
});

const stickTable = obj(
  {
    place,
    type: oneOf('ip', 'ipv6', 'integer', 'string', 'binary'),
    size: int(1),
    nopurge: bool,
    store: arr(obj({ name: nonEmpty }, { period: ms, count: int(1, 100) })),
  },
  { len: int(1), expire: ms, peers: nonEmpty, srvkey: oneOf('name', 'addr') },
);
const stickRule = obj({ place, kind: oneOf('on', 'match', 'store-request', 'store-response'), expr: sampleExpr }, { table: nonEmpty, cond: condition });

const timeouts = obj(
  {},
  Object.fromEntries(['client', 'clientFin', 'connect', 'server', 'serverFin', 'httpRequest', 'httpKeepAlive', 'queue', 'tunnel', 'tarpit', 'check'].map((k) => [k, ms])),
);

const proxy = shared('proxy', obj(
  {
    kind: oneOf('defaults', 'frontend', 'backend', 'listen'),
    name: str({ pattern: '^[A-Za-z0-9_.:-]*$' }),
    place,
    disabled: bool,
    mode: oneOf('http', 'tcp'),
    maxconn: int(0),
    fullconn: int(0),
    binds: arr(bind),
    timeouts,
    flags: obj(Object.fromEntries(['dontlognull', 'redispatch', 'allbackups', 'persist', 'abortonclose', 'logHealthChecks', 'socketStats'].map((k) => [k, bool]))),
    httpConnectionMode: oneOf('keep-alive', 'server-close', 'close'),
    logs: arr(logTarget),
    logFormat: union('kind', { default: [{}], httplog: [{ clf: bool }], tcplog: [{}], custom: [{ format: logFormat }] }),
    balance,
    hashType: obj({ method: oneOf('map-based', 'consistent'), function: hashFunction, avalanche: bool }),
    hashBalanceFactor: int(0),
    defaultServer: serverParams,
    servers: arr(server),
    check: obj({ kind: checkKind, httpRules: arr(httpCheckRule), tcpRules: arr(tcpCheckRule) }, { disableOn404: bool, sendState: bool }),
    retries: obj({ count: int(0), on: arr(nonEmpty, { minItems: 1 }), redispatchInterval: int() }),
    httpReuse: oneOf('never', 'safe', 'aggressive', 'always'),
    acls: arr(obj({ place, name: nonEmpty, criterion: aclCriterion })),
    rules,
    useBackends: arr(obj({ place, backend: nonEmpty, dynamic: bool }, { cond: condition })),
    useServers: arr(obj({ place, server: nonEmpty }, { cond: condition })),
    stickRules: arr(stickRule),
    stats: obj(
      {
        enabled: bool,
        uri: nonEmpty,
        realm: str(),
        auth: arr(obj({ user: nonEmpty, password: str() })),
        refresh: ms,
        hideVersion: bool,
        scope: arr(nonEmpty),
        showLegends: bool,
        admin: arr(condition),
        httpRequest: arr(rule),
      },
      { showDesc: str(), showNode: str() },
    ),
    captures: arr(obj({ place, kind: oneOf('request-header', 'response-header', 'cookie'), name: nonEmpty, len: int(1) })),
    errorFiles: arr(obj({ place, status: int(100, 599), kind: oneOf('file', 'location-302', 'location-303', 'http-errors'), value: nonEmpty })),
    monitor: obj({ fail: arr(condition) }, { uri: nonEmpty }),
    rateLimitSessions: int(0),
    maxKeepAliveQueue: int(-1),
    forcePersist: arr(condition),
    ignorePersist: arr(condition),
    places: { type: 'object', additionalProperties: place },
  },
  {
    from: str(),
    id: int(1),
    description: str(),
    backlog: int(0),
    forwardFor: obj({ header: nonEmpty, ifNone: bool }, { except: nonEmpty }),
    errorLogFormat: logFormat,
    logTag: str(),
    uniqueIdFormat: logFormat,
    uniqueIdHeader: nonEmpty,
    cookie,
    inspectDelay: ms,
    responseInspectDelay: ms,
    defaultBackend: nonEmpty,
    stickTable,
    httpSendNameHeader: nonEmpty,
  },
));

const global = obj(
  {
    logs: arr(logTarget),
    statsSockets: arr(
      obj(
        { place, address: bindAddress, level: oneOf('user', 'operator', 'admin'), exposeFdListeners: bool },
        { mode: int(0, 0o7777), user: str(), group: str() },
      ),
    ),
    statsTimeout: int(1, 2147483647),
    statsMaxconn: int(1),
    nbthread: int(1, 64),
    tune: obj({ bufsize: int(1024), maxrewrite: int(0), httpMaxhdr: int(1, 32767), httpCookielen: int(0), httpLogurilen: int(0) }),
    spreadChecks: int(0, 50),
    sslDefaultBindOptions: arr(nonEmpty),
    sslDefaultServerOptions: arr(nonEmpty),
    sslServerVerify: oneOf('none', 'required'),
    h1CaseAdjust: arr(obj({ from: nonEmpty, to: nonEmpty })),
    strictLimits: bool,
  },
  {
    maxconn: int(0),
    maxconnrate: int(0),
    maxsessrate: int(0),
    logTag: str(),
    logSendHostname: str(),
    hardStopAfter: ms,
    grace: ms,
    pidfile: nonEmpty,
    node: str(),
    description: str(),
    maxSpreadChecks: ms,
    serverStateFile: nonEmpty,
    serverStateBase: nonEmpty,
    caBase: nonEmpty,
    crtBase: nonEmpty,
    sslDefaultBindCiphers: str(),
    sslDefaultBindCiphersuites: str(),
    sslDefaultServerCiphers: str(),
    sslDefaultServerCiphersuites: str(),
  },
);

const userlist = obj({
  place,
  name: nonEmpty,
  groups: arr(obj({ place, name: nonEmpty, users: arr(nonEmpty) })),
  users: arr(obj({ place, name: nonEmpty, password: obj({ kind: oneOf('insecure', 'crypt'), value: str() }), groups: arr(nonEmpty) })),
});

const resolvers = obj({
  place,
  name: nonEmpty,
  nameservers: arr(obj({ place, name: nonEmpty, host: nonEmpty, port })),
  parseResolvConf: bool,
  resolveRetries: int(1),
  timeoutResolve: ms,
  timeoutRetry: ms,
  hold: { type: 'object', additionalProperties: ms },
  acceptedPayloadSize: int(12, 65535),
});

const httpErrors = obj({ place, name: nonEmpty, errorFiles: arr(obj({ status: int(100, 599), file: nonEmpty })) });

export const modelSchema: Schema = {
  ...obj({
    files: arr(nonEmpty),
    global,
    defaults: arr(proxy),
    proxies: arr(proxy),
    userlists: arr(userlist),
    resolvers: arr(resolvers),
    httpErrors: arr(httpErrors),
  }),
  $defs: defs,
};
