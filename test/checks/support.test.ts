/** What the check runner cannot do yet is refused at start, with the keyword; what it can do starts silently. */
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import { checkRuntimeSupport } from '../../lib/runtime/support.js';

function report(lines: string, server = 'check'): { refuse: string[]; warn: string[] } {
  const r = loadConfigText(`defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend b\n${lines}\n    server s1 127.0.0.1:80 ${server}\n`);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return checkRuntimeSupport(r.model);
}

t.test('implemented check settings start without a word', async (t) => {
  for (const lines of ['', '    option httpchk GET /\n    http-check expect status 200-399', '    option redis-check', '    option mysql-check user u', '    option pgsql-check user u', '    option tcp-check\n    tcp-check send-binary 0a\n    tcp-check expect rbinary ^0a']) {
    t.same(report(lines), { refuse: [], warn: [] }, lines);
  }
  t.same(report('', 'agent-check agent-port 9000 agent-inter 1s'), { refuse: [], warn: [] });
  t.same(report('', 'check slowstart 10s on-marked-down shutdown-sessions on-marked-up shutdown-backup-sessions'), { refuse: [], warn: [] });
});

t.test('the rest is refused precisely', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['    option httpchk\n    http-check send-state', 'check', /'http-check send-state' is not implemented yet/],
    ['    option httpchk\n    http-check disable-on-404', 'check', /'http-check disable-on-404' is not implemented yet/],
    ['    option httpchk\n    http-check expect hdr name x-ok', 'check', /'http-check expect' at line 8: 'expect hdr' is not implemented yet/],
    ['    option tcp-check\n    tcp-check connect ssl', 'check', /'ssl', 'send-proxy'/],
    ['', 'check check-send-proxy', /'check-ssl' and 'check-send-proxy' are not implemented yet/],
    ['', 'check observe layer4', /'observe'/],
  ];
  for (const [lines, server, want] of cases) t.match(report(lines, server).refuse.join('\n'), want, `${lines} / ${server}`);
  t.same(report('    option httpchk\n    http-check send-state', '').refuse, [], 'nothing refused without a checked server');
});
