/** `ekmsim ttlv decode <hex|->` and `ekmsim ttlv encode <json|->`: the KMIP JSON form of TTLV. */
import { fromHex, toHex } from '@ekmsim/core';
import { kmipDictionary } from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv, fromJson, toJson } from '@ekmsim/ttlv';
import { usageFailure, type CommandIo } from '../io.js';

const USAGE = 'ekmsim ttlv decode <hex|-> | ekmsim ttlv encode <json|->';

export async function ttlvCommand(argv: string[], io: CommandIo): Promise<number> {
  const [verb, arg, ...rest] = argv;
  if ((verb !== 'decode' && verb !== 'encode') || arg === undefined || rest.length > 0) {
    return usageFailure(io, 'ttlv', verb === undefined ? 'missing subcommand' : arg === undefined ? `${verb}: missing input` : `unexpected argument ${JSON.stringify(rest[0] ?? verb)}`, USAGE);
  }
  const input = arg === '-' ? ((await io.readStdin?.()) ?? '') : arg;
  try {
    if (verb === 'decode') {
      io.out(JSON.stringify(toJson(decodeTtlv(fromHex(input.trim())), kmipDictionary), null, 2));
    } else {
      io.out(toHex(encodeTtlv(fromJson(JSON.parse(input) as unknown, kmipDictionary))));
    }
    return 0;
  } catch (e) {
    io.err(`ekmsim ttlv ${verb}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
