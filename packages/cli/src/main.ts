/**
 * The `ekmsim` process. A scenario run's first simulation needs four RSA key pairs (the API's
 * certificate, its key server's CA and server, the cluster's from CreatePublicPrivateKeyPair),
 * ≈ 0.1–0.2 s of one core each, some much more (the search for primes is random). Loading the
 * rest of the program keeps one core busy for about 0.6 s and leaves the other idle, so `run`
 * has them begun here, two at a time, before the commands are loaded (docs/performance.md:
 * one at a time often left the start waiting for the third). Other commands make theirs when
 * they need them: a pair made and never used would only delay a short command's exit.
 */
import { freshKeyPairs, keyPairsAhead } from '@ekmsim/pki';

const KEY_PAIRS_AHEAD_FOR_RUN = 4;

const argv = process.argv.slice(2);
const keyPairs = argv[0] === 'run' ? keyPairsAhead(KEY_PAIRS_AHEAD_FOR_RUN, { atOnce: 2 }) : freshKeyPairs;
const { runCli } = await import('./cli.js');
runCli(argv, keyPairs);
