/**
 * `enable|disable server|health|agent <b>/<s>` and `enable|disable frontend
 * <f>` (management guide 9.3), admin level:
 *
 *   disable server   = set server <b>/<s> state maint (deprecated form); enable server = ready
 *   disable health   the health check stops; stats show no check status until `enable health`
 *   disable agent    the same for the agent check
 *   disable frontend the frontend stops accepting (PAUSED) until `enable frontend`
 *
 * Refusals are HAProxy 2.6.12's, word for word.
 */
import type { RuntimeServer } from '../../backend/server.js';
import type { CheckControls } from '../../checks/scheduler.js';
import { logFrontend } from '../admin-log.js';
import { CliError, requireLevel, type Command, type CommandContext } from '../command.js';
import { findFrontend, findServer, type ServerRef } from '../lookup.js';
import { setAdminState } from '../server-admin.js';

function checks(ctx: CommandContext, s: RuntimeServer): CheckControls | undefined {
  return ctx.rt.checks?.controls(s);
}

function serverCommand(verb: 'enable' | 'disable', what: 'server' | 'health' | 'agent', usage: string, help: string, run: (ref: ServerRef, ctx: CommandContext) => void): Command {
  return {
    words: [verb, what],
    usage,
    help,
    run(args, ctx) {
      requireLevel(ctx, 'admin');
      run(findServer(ctx.rt, args[2]), ctx);
      return '';
    },
  };
}

function frontendCommand(verb: 'enable' | 'disable', help: string): Command {
  return {
    words: [verb, 'frontend'],
    usage: `${verb} frontend <frontend>`,
    help,
    async run(args, ctx) {
      requireLevel(ctx, 'admin');
      const name = args[2];
      if (name === undefined || name === '') throw new CliError('A frontend name is expected.\n');
      const fe = findFrontend(ctx.rt, name)?.frontend;
      if (!fe) throw new CliError('No such frontend.\n');
      if (fe.stopping) throw new CliError(`Frontend was previously shut down, cannot ${verb}.\n`);
      if (verb === 'disable') {
        if (fe.paused) throw new CliError('All sockets are already disabled.\n');
        fe.pause();
      } else {
        if (!fe.paused) throw new CliError('All sockets are already enabled.\n');
        await fe.resume();
      }
      logFrontend(fe.name, verb === 'disable');
      return '';
    },
  };
}

export const enableDisableCommands: readonly Command[] = [
  serverCommand('disable', 'server', 'disable server <bk>/<srv> (DEPRECATED)', "put a server in maintenance (use 'set server' instead)", (ref, ctx) =>
    setAdminState(ctx.rt, ref, 'maint'),
  ),
  serverCommand('enable', 'server', 'enable server <bk>/<srv> (DEPRECATED)', "take a server out of maintenance (use 'set server' instead)", (ref, ctx) =>
    setAdminState(ctx.rt, ref, 'ready'),
  ),
  serverCommand('disable', 'health', 'disable health <bk>/<srv>', "stop a server's health checks", ({ server }, ctx) => checks(ctx, server)?.pause('health')),
  serverCommand('enable', 'health', 'enable health <bk>/<srv>', "resume a server's health checks", ({ server }, ctx) => {
    if (server.checkHealth === undefined) throw new CliError('Health check was not configured on this server, cannot enable.\n');
    checks(ctx, server)?.resume('health');
  }),
  serverCommand('disable', 'agent', 'disable agent <bk>/<srv>', "stop a server's agent checks", ({ server }, ctx) => checks(ctx, server)?.pause('agent')),
  serverCommand('enable', 'agent', 'enable agent <bk>/<srv>', "resume a server's agent checks", ({ server }, ctx) => {
    if (!server.config.agent.enabled) throw new CliError('Agent was not configured on this server, cannot enable.\n');
    checks(ctx, server)?.resume('agent');
  }),
  frontendCommand('disable', 'stop a frontend accepting connections'),
  frontendCommand('enable', 'let a paused frontend accept connections again'),
];
