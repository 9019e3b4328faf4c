import { connect, type Socket } from 'node:net';

export interface RawReply {
  /** The status of the first response on the connection, or null when none came. */
  readonly status: number | null;
  readonly head: string;
  readonly body: string;
  /** The server ended or reset the connection (rather than our timeout). */
  readonly closedByServer: boolean;
  /** Bytes this client managed to write before the reply came or the connection ended. */
  readonly bytesWritten: number;
}

/**
 * Bytes on a plain TCP connection, exactly as given (no client normalises the target, the
 * framing or the headers), then whatever the server answers until it closes or `waitMs` passes.
 * `keepSending` writes more body in the background for as long as the connection takes it.
 */
export const rawRequest = (
  port: number,
  request: string | Buffer,
  options: { waitMs?: number; keepSending?: { chunk: Buffer; upTo: number }; endAfterWrite?: boolean } = {},
): Promise<RawReply> =>
  new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let closedByServer = false;
    let bytesWritten = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      resolve({ status: status ? Number(status) : null, head, body: split < 0 ? '' : text.slice(split + 4), closedByServer, bytesWritten });
    };
    const timer = setTimeout(finish, options.waitMs ?? 5_000);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
    socket.once('connect', () => {
      socket.write(request, () => {
        bytesWritten += Buffer.byteLength(request);
      });
      // Half-close: the client says it has sent everything (a body shorter than announced stays short).
      if (options.endAfterWrite) socket.end();
      const more = options.keepSending;
      if (!more) return;
      const pump = () => {
        while (!done && bytesWritten < more.upTo) {
          const ok = socket.write(more.chunk);
          bytesWritten += more.chunk.length;
          if (!ok) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });

/** One HTTP/1.1 chunk of a chunked body. */
export const chunk = (data: Buffer | string): Buffer => {
  const bytes = Buffer.from(data);
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
};
