import { createServer } from 'node:http';
import { Agent, request } from 'undici';

/**
 * `node dist/bench/forwarding-proxy.js <subgraph url>`: the least any gateway
 * process in front of a subgraph must do, for bench:routing to measure beside
 * the real gateway. It reads and parses each request's JSON, sends it on
 * over pooled keep-alive connections, parses the answer and sends it back:
 * no authentication, validation, planning or result shaping. Prints the URL
 * it serves once it listens.
 */
const target = process.argv[2];
if (!target) throw new Error('usage: forwarding-proxy <subgraph url>');
const dispatcher = new Agent({ connections: 64 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let operation: unknown;
    try {
      operation = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end('the request body is not JSON');
      return;
    }
    request(target, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      body: JSON.stringify(operation),
    })
      .then(async (response) => {
        const body = await response.body.text();
        JSON.parse(body);
        res.writeHead(response.statusCode, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      })
      .catch((error: unknown) => {
        res.writeHead(502).end(String(error));
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}/graphql`);
});
process.on('SIGTERM', () => {
  server.close();
  void dispatcher.close();
});
