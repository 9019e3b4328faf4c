// Preloaded (`node --import`) into the process that runs a packaged function's first invocation
// (bench/bundles.ts): counts, per service, the TCP connections the process opened and the round
// trips it made over them, and how long it waited on them, and writes that as JSON to
// ROUND_TRIPS_FILE when the process exits. A round trip is one or more writes on a socket followed
// by the first bytes read back: requests sent together before any answer (a pipelined query's
// Parse/Bind/Execute/Sync, kafkajs' batched requests) count once, as they cost one wait. The wait
// is from the first of those writes to those bytes (the server's work included), and from
// `connect()` to the connection; waits on two sockets at once are both counted.
// Written here, at the socket, because neither `pg` nor kafkajs counts its exchanges, and
// PostgreSQL's own statement counts (pg_stat_statements) are not installed on this machine. Plain
// JavaScript: the process is a bare `node`, as on Lambda.
import { writeFileSync } from 'node:fs';
import net from 'node:net';

const output = process.env.ROUND_TRIPS_FILE;
const portOf = (address) => Number(/:(\d+)$/.exec(address)?.[1] ?? Number.NaN);
const databasePort = process.env.DATABASE_URL ? Number(new URL(process.env.DATABASE_URL).port || 5432) : Number.NaN;
const kafkaPorts = new Set((process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean).map(portOf));
const serviceOf = (port) => (port === databasePort ? 'postgres' : kafkaPorts.has(port) ? 'kafka' : `port ${port}`);

/** service → { connections, roundTrips, waitMs } */
const counts = {};
const countOf = (service) => (counts[service] ??= { connections: 0, roundTrips: 0, waitMs: 0 });

if (output) {
  const { connect, write, push } = net.Socket.prototype;
  const countSocket = (socket, args) => {
    const connecting = performance.now();
    /** When the first write not yet answered was made, or null when nothing is awaited. */
    let waitingSince = null;
    let count = null;
    socket.push = function countedPush(chunk, ...rest) {
      if (waitingSince !== null && chunk && count) {
        count.roundTrips += 1;
        count.waitMs += performance.now() - waitingSince;
        waitingSince = null;
      }
      return push.call(this, chunk, ...rest);
    };
    socket.once('connect', () => {
      count = countOf(serviceOf(socket.remotePort));
      count.connections += 1;
      count.waitMs += performance.now() - connecting;
      // Written before the connection was up: that request's wait starts now, not twice.
      if (waitingSince !== null) waitingSince = performance.now();
    });
    const connected = connect.apply(socket, args);
    // The instance's own write and push: nothing about the stream changes (no listener, no flowing
    // mode). Set after `connect()`, which puts back the prototype's write on a socket reused.
    socket.write = function countedWrite(...writeArgs) {
      waitingSince ??= performance.now();
      return write.apply(this, writeArgs);
    };
    return connected;
  };
  net.Socket.prototype.connect = function countedConnect(...args) {
    return countSocket(this, args);
  };
  process.on('exit', () => writeFileSync(output, JSON.stringify(counts)));
}
