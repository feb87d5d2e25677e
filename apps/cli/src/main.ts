import 'reflect-metadata';
import { processIo } from './cli-io';
import { runCli } from './cli';

void runCli(process.argv.slice(2), processIo).then((code) => {
  // exitCode rather than exit(): lets stdout drain when it is a pipe.
  process.exitCode = code;
});
