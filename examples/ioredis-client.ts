/**
 * A client that finds the master through Sentinel, exactly as with
 * redis-sentinel. Run a sentinel first (npm run demo shows one), then:
 *
 *   npm run build && node dist/examples/ioredis-client.js 127.0.0.1 26380 mymaster
 *
 * It increments a counter every 200 ms and prints where each write went; kill
 * the master and watch it continue on the promoted replica.
 */
import Redis from 'ioredis';

const [host = '127.0.0.1', port = '26380', name = 'mymaster'] = process.argv.slice(2);
const client = new Redis({ sentinels: [{ host, port: Number(port) }], name });

client.on('error', (e: Error) => process.stdout.write(`error: ${e.message}\n`));

setInterval(() => {
  client
    .incr('example:counter')
    .then(async (n) => {
      const info = await client.info('server');
      const where = /tcp_port:(\d+)/.exec(info)?.[1] ?? '?';
      process.stdout.write(`counter=${n} (master on port ${where})\n`);
    })
    .catch((e: Error) => process.stdout.write(`write failed: ${e.message}\n`));
}, 200);
