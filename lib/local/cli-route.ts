import * as z from 'zod';
import { jsonResult, rawBodyOf, type HttpApiEvent } from '../../events/http-api-event.ts';
import { bufferedIo } from '../cli/io.ts';
import { runStoreCommand } from '../cli/store-commands.ts';
import { cliErrorMessage } from '../cli/cli-error.ts';
import { appContext } from '../runtime/app-context.ts';
import type { HttpRoute } from './http-server.ts';

const CliRequestSchema = z.object({ argv: z.array(z.string()) });

/**
 * Who changed what, as the settings history records it. The server cannot tell which local user
 * sent a request (anyone who can read the lock file's token could claim any name), so it records
 * this fixed actor instead of a name the caller supplies.
 */
export const LOCAL_CLI_ACTOR = 'local-cli';

/**
 * Lets `npx afterglow tenant …` run inside `npm start` while it holds the embedded store (which
 * only one process may open). Loopback only, and only with the token kept in the store's lock file.
 */
export const cliRoute = (adminToken: string): HttpRoute => ({
  method: 'POST',
  path: '/_local/cli',
  async handler(event: HttpApiEvent) {
    const ip = event.requestContext.http.sourceIp;
    const loopback = ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
    if (!loopback || event.headers?.['x-afterglow-admin-token'] !== adminToken) {
      return jsonResult(403, { error: 'local CLI route: loopback with the lock file token only' });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBodyOf(event).toString('utf8') || '{}');
    } catch {
      parsed = null;
    }
    const request = CliRequestSchema.safeParse(parsed);
    if (!request.success) return jsonResult(400, { error: 'expected {"argv": [...]}' });
    const io = bufferedIo();
    let exitCode = 0;
    try {
      await runStoreCommand(request.data.argv, await appContext(), io, LOCAL_CLI_ACTOR);
    } catch (error) {
      const failure = cliErrorMessage(error);
      io.err(failure.message);
      exitCode = failure.exitCode;
    }
    return jsonResult(200, { exitCode, stdout: io.stdout, stderr: io.stderr });
  },
});
