/**
 * The simulation's name server: DNS over UDP on loopback (RFC 1035 §4), answering A queries for
 * the simulated host names from its table and nothing else, so a key server's name resolves only
 * inside the simulation. Answers depend on who asks (the query's source address): a lookup
 * failure in force for the asker is NXDOMAIN, a refused connection an address where nothing
 * listens. TTL 0, so no resolver caches an answer past a change of fault.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export type Answer = { readonly address: string } | 'nxdomain';

export interface NameServerOptions {
  /** The answer for `name` (lower case, no trailing dot) asked from `source`. */
  readonly answer: (name: string, source: string) => Answer;
}

export interface NameServer {
  /** `127.0.0.1:PORT`, as a resolver's setServers takes it. */
  readonly address: string;
  close(): Promise<void>;
}

const TYPE_A = 1;
const CLASS_IN = 1;
const RCODE = { ok: 0, formErr: 1, nxDomain: 3, notImp: 4 } as const;

export function startNameServer(options: NameServerOptions): Promise<NameServer> {
  const socket = createSocket('udp4');
  socket.on('message', (query, from) => answer(socket, query, from, options));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined); // a bad datagram must not stop the server
      resolve({
        address: `127.0.0.1:${socket.address().port}`,
        close: () => new Promise((done) => socket.close(() => done())),
      });
    });
  });
}

interface Question {
  readonly name: string;
  readonly type: number;
  readonly qclass: number;
  /** Where the question section ends. */
  readonly end: number;
}

function answer(socket: Socket, query: Buffer, from: RemoteInfo, options: NameServerOptions): void {
  if (query.length < 12 || (query[2]! & 0x80) !== 0) return; // not a query: ignore, as servers do
  const opcode = (query[2]! >> 3) & 0x0f;
  const question = query.readUInt16BE(4) === 1 ? readQuestion(query) : undefined;
  let rcode: number = RCODE.ok;
  let address: string | undefined;
  if (opcode !== 0) rcode = RCODE.notImp;
  else if (question === undefined) rcode = RCODE.formErr;
  else {
    const result = options.answer(question.name, from.address);
    if (result === 'nxdomain') rcode = RCODE.nxDomain;
    else if (question.type === TYPE_A && question.qclass === CLASS_IN) address = result.address;
  }
  socket.send(response(query, question, rcode, address), from.port, from.address);
}

function readQuestion(query: Buffer): Question | undefined {
  const labels: string[] = [];
  let at = 12;
  for (;;) {
    const length = query[at];
    if (length === undefined || length > 63) return undefined; // no compression in questions
    at++;
    if (length === 0) break;
    if (at + length > query.length) return undefined;
    labels.push(query.toString('latin1', at, at + length));
    at += length;
  }
  if (at + 4 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at), qclass: query.readUInt16BE(at + 2), end: at + 4 };
}

function response(query: Buffer, question: Question | undefined, rcode: number, address: string | undefined): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // ID
  header[2] = 0x80 | (query[2]! & 0x79) | 0x04; // QR, opcode and RD echoed, AA
  header[3] = 0x80 | rcode; // RA
  header.writeUInt16BE(question === undefined ? 0 : 1, 4);
  header.writeUInt16BE(address === undefined ? 0 : 1, 6);
  const parts: Uint8Array[] = [header];
  if (question !== undefined) parts.push(query.subarray(12, question.end));
  if (address !== undefined) {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(TYPE_A, 2);
    record.writeUInt16BE(CLASS_IN, 4);
    record.writeUInt32BE(0, 6); // TTL 0: never cached
    record.writeUInt16BE(4, 10);
    address.split('.').forEach((octet, i) => (record[12 + i] = Number(octet)));
    parts.push(record);
  }
  return Buffer.concat(parts);
}
