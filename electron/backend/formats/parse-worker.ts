/**
 * Entry of a parse worker (see parse-pool.ts): answers each of `[{id, path, encoding?}, …]` with
 * `{id, outcome}`, the outcome's buffers transferred. Serves only when started by ParsePool (its
 * workerData mark), so importing this module anywhere else does nothing. Never logs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PARSE_WORKER_MARK, parseTranscriptFile, transferablesOf, type ParseReply, type ParseRequest } from './parse-pool.js';

const port = parentPort;
if (port && workerData === PARSE_WORKER_MARK) {
  const post = (m: ParseReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  // Files are parsed one after another, each answered as soon as it is done.
  let queue = Promise.resolve();
  const parse = async (req: ParseRequest) => {
    try {
      const { outcome, transfer } = transferablesOf(await parseTranscriptFile(req.path, req.encoding));
      post({ id: req.id, outcome }, transfer);
    } catch {
      // The pool parses this file again in its own thread, where the error surfaces as it would there.
      post({ id: req.id, failed: true });
    }
  };
  port.on('message', (reqs: ParseRequest[]) => {
    for (const req of reqs) queue = queue.then(() => parse(req));
  });
  post({ ready: true });
}
