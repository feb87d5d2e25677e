// An S3-protocol server (s3rver, from the npm registry) as a process of its own, for the storage tests.
// argv: <directory> <bucket>. Listens on a port the OS picks and prints {"port":N} once it serves.
'use strict';
const S3rver = require('s3rver');

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (error) => {
    process.stderr.write(`s3rver failed to start: ${error.message}\n`);
    process.exit(1);
  },
);
