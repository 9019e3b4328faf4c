// The baseline: a bare node:http server doing nothing but read the body and answer 202.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(202, { 'content-type': 'application/json' });
    response.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`{"msg":"afterglow started","port":${server.address().port}}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
