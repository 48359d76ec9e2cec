/**
 * A private redis-server for one test file: a free loopback port, no persistence, bound
 * to 127.0.0.1 only (a test must never open Redis to the network), stopped afterwards.
 *
 * With `{ tls: true }` it speaks TLS only (no plain port), with a certificate for
 * localhost and 127.0.0.1 signed by a throwaway CA made for this server: `ca` is what a
 * client must trust, as a person would trust their own CA, through NODE_EXTRA_CA_CERTS.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface TlsRedisServer extends RedisServer {
  /** The PEM file of the CA that signed the server's certificate. */
  ca: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function startRedis(): Promise<RedisServer>;
export function startRedis(opts: { tls: true }): Promise<TlsRedisServer>;
export async function startRedis(opts: { tls?: boolean } = {}): Promise<RedisServer | TlsRedisServer> {
  const port = await freePort();
  const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'];
  if (!opts.tls) {
    const stop = await spawnRedis(['--port', String(port), ...common], port);
    return { url: `redis://127.0.0.1:${port}`, port, stop };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-redis-tls-'));
  try {
    const pem = makeCertificates(dir);
    // --port 0 turns the plain port off, so a client that forgets TLS is refused rather than served.
    const args = ['--port', '0', '--tls-port', String(port), '--tls-cert-file', pem.cert, '--tls-key-file', pem.key, '--tls-ca-cert-file', pem.ca, '--tls-auth-clients', 'no'];
    const stop = await spawnRedis([...args, ...common], port);
    // A name, not 127.0.0.1: the URL's host becomes the TLS server name, and Node warns (DEP0123) when that is an IP address.
    return {
      url: `rediss://localhost:${port}`,
      port,
      ca: pem.ca,
      stop: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Starts redis-server and resolves, once it accepts connections, with its stop function. */
async function spawnRedis(args: string[], port: number): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${out}`)), 10_000);
    child.once('error', (e) => reject(new Error(`cannot start redis-server (is it installed? apt-get install redis-server): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}:\n${out}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/** A CA and a server certificate it signed, valid for a day; EC P-256 keys because RSA keys take seconds to make. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const err = e as Error & { stderr?: Buffer; code?: string };
      if (err.code === 'ENOENT') throw new Error('cannot run openssl (is it installed? apt-get install openssl)');
      throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString() ?? err.message}`);
    }
  };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=sweeplab test CA');
  openssl('req', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  // Clients check the subjectAltName, not the CN; an extension file is how `x509 -req` takes one on every OpenSSL.
  writeFileSync(file('server.ext'), 'subjectAltName = DNS:localhost, IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'server.ext', '-out', 'server.pem');
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}
