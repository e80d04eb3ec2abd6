/**
 * A tracing thread (trace-pool.ts): traces chunks of images sent on its port and sends their strokes back packed,
 * then counts the chunk done in shared memory, where the waiting thread sees it without an event loop.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { packStrokes } from "./stroke-pack";
import { TRACE_OPTIONS, traceDigit } from "./trace";

export interface TraceChunk {
	id: number;
	/** images of this chunk, 784 values each */
	images: Float32Array;
}

export interface TracedChunk {
	id: number;
	coords: Float32Array;
	strokeEnds: Uint32Array;
	digitStrokes: Uint32Array;
	error?: string;
}

const { port, done } = workerData as { port: MessagePort; done: Int32Array };
const AREA = 784;

port.on("message", (chunk: TraceChunk) => {
	let reply: TracedChunk;
	try {
		const digits: Float32Array[][] = [];
		for (let k = 0; k * AREA < chunk.images.length; k++) {
			digits.push(
				traceDigit(chunk.images.subarray(k * AREA, (k + 1) * AREA), TRACE_OPTIONS).map((p) =>
					Float32Array.from(p),
				),
			);
		}
		reply = { id: chunk.id, ...packStrokes(digits) };
	} catch (err) {
		reply = {
			id: chunk.id,
			coords: new Float32Array(0),
			strokeEnds: new Uint32Array(0),
			digitStrokes: new Uint32Array(0),
			error: String(err),
		};
	}
	port.postMessage(reply, [reply.coords.buffer, reply.strokeEnds.buffer, reply.digitStrokes.buffer]);
	Atomics.add(done, 0, 1);
	Atomics.notify(done, 0);
});
