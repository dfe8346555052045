/**
 * A TLS key server that is not a real one: it accepts the cluster (mutual TLS, node:tls), then
 * answers each KMIP request with what the test says, to produce the KMIP-level failures a mock
 * key server does not (Authentication Not Successful, unsupported operations, garbage).
 */
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { decodeRequestMessage, encodeResponseMessage, Enum, OPERATIONS, type RequestMessage, type ResponseMessage, type ResultReasonName } from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv, TtlvFramer } from '@ekmsim/ttlv';
import type { CertAndKey } from '@ekmsim/pki';

/** Per request: answer every item with this failure, with bytes as they are, or succeed normally. */
export type FakeAnswer = { readonly reason: ResultReasonName } | { readonly raw: Uint8Array } | 'ok';

export interface FakeKmipServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startFakeKmipServer(tls: { cert: CertAndKey; caPem: string }, answer: (operation: string) => FakeAnswer): Promise<FakeKmipServer> {
  const server: Server = createServer({ cert: tls.cert.certPem, key: tls.cert.keyPem, ca: tls.caPem, requestCert: true, rejectUnauthorized: true });
  const sockets = new Set<TLSSocket>();
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const framer = new TtlvFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const bytes of framer.push(new Uint8Array(chunk))) {
        const request = decodeRequestMessage(decodeTtlv(bytes));
        const op = OPERATIONS.get(request.batchItems[0]!.operation)!;
        const a = answer(op.name);
        socket.write(a !== 'ok' && 'raw' in a ? a.raw : encodeTtlv(encodeResponseMessage(respond(request, a))));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function respond(req: RequestMessage, a: FakeAnswer): ResponseMessage {
  const version = req.header.protocolVersion;
  const batchItems = req.batchItems.map((item) => {
    if (a !== 'ok' && 'reason' in a) {
      return { operation: item.operation, resultStatus: Enum.ResultStatus.OperationFailed, resultReason: Enum.ResultReason[a.reason], resultMessage: `fake: ${a.reason}` };
    }
    const op = OPERATIONS.get(item.operation)!;
    const payload =
      op.name === 'DiscoverVersions' ? { protocolVersions: [version] } : op.name === 'Query' ? { operations: [Enum.Operation.Query], vendorIdentification: 'fake' } : {};
    return { operation: item.operation, resultStatus: Enum.ResultStatus.Success, payload: op.response.toItem(payload, { version }) };
  });
  return { header: { protocolVersion: version, timeStamp: 1_700_000_000n, batchCount: batchItems.length }, batchItems };
}
