// A stand-in for the Lambda Node.js runtime, run by a bare `node` (no tsx, no repository
// node_modules): imports the handler module of an unpacked zip, calls `handler(event, context)`
// once with the event file's JSON, writes the reply (and how long the import took) as JSON to the
// reply file and exits, as a cold start: `importMs` the module's load and evaluation, `firstReplyMs`
// that and the invocation, up to its reply (for a response-streaming handler, its last byte). Stdout
// and stderr stay the function's logs, as on Lambda.
// Usage: node lambda-runner.mjs <handler module file> <export name> <event JSON file> <reply file>
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [modulePath, exportName, eventPath, replyPath] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: '2026/12/02/[$LATEST]0123456789abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
};

// The runtime's global for response streaming (a Function URL in RESPONSE_STREAM mode), as the
// Node.js runtime defines it: a wrapped handler is called with a response stream, whose metadata
// (status, headers) and body are collected here into the reply a buffered handler would return.
const STREAMING = Symbol('streamifyResponse');
globalThis.awslambda = {
  streamifyResponse: (streamingHandler) => Object.assign(streamingHandler, { [STREAMING]: true }),
  HttpResponseStream: { from: (stream, metadata) => Object.assign(stream, { metadata }) },
};
const invokeStreaming = async (streamingHandler) => {
  const chunks = [];
  const responseStream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await streamingHandler(event, responseStream, context);
  return { statusCode: responseStream.metadata?.statusCode ?? 200, headers: responseStream.metadata?.headers ?? {}, body: Buffer.concat(chunks).toString('utf8') };
};

const started = performance.now();
const module = await import(pathToFileURL(modulePath).href);
const imported = performance.now();
const handler = module[exportName];
const reply = handler[STREAMING] ? await invokeStreaming(handler) : await handler(event, context);
const replied = performance.now();
writeFileSync(replyPath, JSON.stringify({ reply: reply ?? null, importMs: imported - started, firstReplyMs: replied - started }));
// Lambda freezes the process after the reply; here the pool and timers would keep it alive.
process.exit(0);
