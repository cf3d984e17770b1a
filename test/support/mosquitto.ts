import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './ports';
import { existsSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

export const MOSQUITTO_BINARY = process.env.MOSQUITTO_BINARY ?? '/usr/sbin/mosquitto';
export const mosquittoAvailable = existsSync(MOSQUITTO_BINARY);

/**
 * The access control list docs/deployment.md recommends ("Broker ACLs"): identities are the
 * client certificates' CNs (use_identity_as_username); only the service reads the request tree,
 * every system may send requests and reads only the topics under its own CN.
 */
export function mosquittoAcl(serviceIdentity: string): string {
  return [
    '# Every system: may send requests, reads only its own topics (reply and push topics under its CN).',
    'pattern write arrowhead/serviceorchestration/#',
    'pattern read %u/#',
    '',
    '# The service: reads the request tree, writes replies and push notifications.',
    `user ${serviceIdentity}`,
    'topic read arrowhead/serviceorchestration/#',
    'topic write #',
    '',
  ].join('\n');
}

export interface MosquittoFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** The listener settings of docs/deployment.md: TLS, client certificates required, CN as identity, the ACL above. */
export function mosquittoConfig(port: number, files: MosquittoFiles, aclFile: string): string {
  return [
    `listener ${port} 127.0.0.1`,
    `cafile ${files.caFile}`,
    `certfile ${files.certFile}`,
    `keyfile ${files.keyFile}`,
    'require_certificate true',
    'use_identity_as_username true',
    'allow_anonymous false',
    `acl_file ${aclFile}`,
    'persistence false',
    'log_dest stderr',
    // Started as root it would switch to the user `mosquitto`, which may not exist or read our temp files.
    `user ${userInfo().username}`,
    '',
  ].join('\n');
}


function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A Mosquitto process of the test's own, on a free port, configured as docs/deployment.md says. */
export class TestMosquitto {
  private output = '';

  private constructor(
    private readonly process: ChildProcess,
    readonly port: number,
  ) {
    process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(dir: string, files: MosquittoFiles, serviceIdentity: string): Promise<TestMosquitto> {
    const port = await freePort();
    const aclFile = join(dir, 'mosquitto.acl');
    const configFile = join(dir, 'mosquitto.conf');
    writeFileSync(aclFile, mosquittoAcl(serviceIdentity));
    writeFileSync(configFile, mosquittoConfig(port, files, aclFile));
    const broker = new TestMosquitto(spawn(MOSQUITTO_BINARY, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] }), port);
    let exited = false;
    broker.process.once('exit', () => (exited = true));
    await waitFor(`mosquitto listening on ${port}`, async () => {
      if (exited) throw new Error(`mosquitto exited: ${broker.output}`);
      return accepts(port);
    });
    return broker;
  }

  get url(): string {
    return `mqtts://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.process.once('exit', () => resolve());
      this.process.kill('SIGTERM');
    });
  }
}
