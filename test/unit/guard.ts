/**
 * Loaded before every unit spec (jest.unit.config.js): the fast layer loads no model and opens no
 * database, Redis, server or worker thread. Anything that tries fails at once with a message that
 * says where the spec belongs, instead of quietly making the layer slow or machine-dependent.
 */
import net from 'node:net';
import workerThreads from 'node:worker_threads';

const MOVE = 'rename it *.int-spec.ts (beside the code) or *.e2e-spec.ts (test/)';

function refuse(what: string): never {
  throw new Error(`a unit spec must not ${what}: ${MOVE}`);
}

// Jest re-runs setup files for each spec file in the same process: patch once.
const marker = Symbol.for('kyc.unit-guard');
const state = globalThis as unknown as Record<symbol, boolean>;
if (!state[marker]) {
  state[marker] = true;
  // pg, ioredis and undici all reach the network through a net.Socket.
  net.Socket.prototype.connect = function connect(): never {
    return refuse('open a socket (PostgreSQL, Redis, HTTP)');
  };
  // http(s) servers listen through net.Server; Fastify's inject() needs no listening socket.
  net.Server.prototype.listen = function listen(): never {
    return refuse('listen on a port');
  };
  // The face engine and the DNI reader run their models in worker threads.
  (workerThreads as { Worker: unknown }).Worker = class RefusedWorker {
    constructor() {
      refuse('start a worker thread (face engine, DNI reader)');
    }
  };
}
