/**
 * Run around every unit spec (jest.unit.config.js): the fast layer loads no model and opens no
 * database, Redis, server or worker thread. Anything that tries fails at once with a message that
 * says where the spec belongs, instead of quietly making the layer slow or machine-dependent.
 *
 * `npm test` runs the unit and integration projects in the same Jest worker processes, and Node's
 * built-in modules are shared by every spec file a process runs: the guard is put in place before
 * each unit file's tests and taken away after them, so an integration suite that runs next in that
 * process gets real sockets.
 */
import { afterAll, beforeAll } from '@jest/globals';
import net from 'node:net';
import workerThreads from 'node:worker_threads';

const MOVE = 'rename it *.int-spec.ts (beside the code) or *.e2e-spec.ts (test/)';

function refuse(what: string): never {
  throw new Error(`a unit spec must not ${what}: ${MOVE}`);
}

class RefusedWorker {
  constructor() {
    refuse('start a worker thread (face engine, DNI reader)');
  }
}

const threads = workerThreads as { Worker: unknown };
// Descriptors, not the functions: the real methods are put back exactly as they were.
const realConnect = Object.getOwnPropertyDescriptor(net.Socket.prototype, 'connect');
const realListen = Object.getOwnPropertyDescriptor(net.Server.prototype, 'listen');
const realWorker = threads.Worker;

beforeAll(() => {
  // pg, ioredis and undici all reach the network through a net.Socket.
  net.Socket.prototype.connect = function connect(): never {
    return refuse('open a socket (PostgreSQL, Redis, HTTP)');
  };
  // http(s) servers listen through net.Server; Fastify's inject() needs no listening socket.
  net.Server.prototype.listen = function listen(): never {
    return refuse('listen on a port');
  };
  // The face engine and the DNI reader run their models in worker threads.
  threads.Worker = RefusedWorker;
});

afterAll(() => {
  if (realConnect) Object.defineProperty(net.Socket.prototype, 'connect', realConnect);
  if (realListen) Object.defineProperty(net.Server.prototype, 'listen', realListen);
  threads.Worker = realWorker;
});
