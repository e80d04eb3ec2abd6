/**
 * Tracing many digits on every core. Fitting strokes to each image costs about a millisecond of CPU per digit, so the
 * first tracing of MNIST's 60,000 training digits takes about a minute on one core; worker threads divide that.
 *
 * The call stays synchronous (`prepareAugment` is): the calling thread sends chunks to the workers, then sleeps on
 * a shared counter (Atomics.wait) and collects each finished chunk with receiveMessageOnPort, which needs no event
 * loop. A worker that fails or never starts costs only time: after a stall its chunks are traced here.
 */
import os from "node:os";
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from "node:worker_threads";
import { startWorker } from "../worker-thread";
import { digitStrokeList } from "./stroke-pack";
import { TRACE_OPTIONS, traceDigit } from "./trace";
import type { TraceChunk, TracedChunk } from "./trace-worker";

const ENTRY = new URL("./trace-worker.ts", import.meta.url);
const AREA = 784;
/** Digits per message: large enough that messaging costs nothing, small enough to keep threads evenly busy. */
const CHUNK = 500;
/** Fewer fresh digits than this are traced here: starting threads costs about a second. */
const MIN_PARALLEL = 4000;
/** A worker that has sent nothing back for this long is given up on. */
const STALL_MS = 60_000;

export type TraceProgress = (done: number, total: number) => void;

/** Threads to trace on: DIGITLAB_TRACE_THREADS, else every core (at most 16). */
export function traceThreads(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
	const asked = Number(env.DIGITLAB_TRACE_THREADS);
	return Number.isInteger(asked) && asked >= 1 ? asked : Math.min(16, cores);
}

function traceHere(
	images: Float32Array,
	indices: ArrayLike<number>,
	from: number,
	to: number,
	out: Float32Array[][],
): void {
	for (let n = from; n < to; n++) {
		const i = indices[n]!;
		out[n] = traceDigit(images.subarray(i * AREA, (i + 1) * AREA), TRACE_OPTIONS).map((p) => Float32Array.from(p));
	}
}

/** The strokes of images `indices` of `images` (784 values each), in the order given. */
export function traceMany(
	images: Float32Array,
	indices: ArrayLike<number>,
	onProgress?: TraceProgress,
	threads = traceThreads(),
	minParallel = MIN_PARALLEL,
): Float32Array[][] {
	const total = indices.length;
	const out: Float32Array[][] = new Array(total);
	if (threads <= 1 || total < minParallel) {
		for (let from = 0; from < total; from += CHUNK) {
			traceHere(images, indices, from, Math.min(total, from + CHUNK), out);
			onProgress?.(Math.min(total, from + CHUNK), total);
		}
		return out;
	}
	const chunks = Math.ceil(total / CHUNK);
	const done = new Int32Array(new SharedArrayBuffer(4));
	const ports: MessagePort[] = [];
	const workers: Worker[] = [];
	for (let w = 0; w < Math.min(threads, chunks); w++) {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		workers.push(startWorker(ENTRY, { workerData: { port: port2, done }, transferList: [port2] }));
		// An error surfaces as a stall; the listener only keeps it from being thrown at the process.
		workers[w]!.on("error", () => {});
	}
	const received = new Uint8Array(chunks);
	let next = 0;
	let finished = 0;
	const send = (port: MessagePort) => {
		if (next >= chunks) return;
		const from = next * CHUNK;
		const to = Math.min(total, from + CHUNK);
		const chunkImages = new Float32Array((to - from) * AREA);
		for (let n = from; n < to; n++)
			chunkImages.set(images.subarray(indices[n]! * AREA, (indices[n]! + 1) * AREA), (n - from) * AREA);
		const message: TraceChunk = { id: next++, images: chunkImages };
		port.postMessage(message, [chunkImages.buffer]);
	};
	// Two chunks in flight per worker: one being traced, one waiting, so no worker idles between messages.
	for (const port of ports) {
		send(port);
		send(port);
	}
	let seen = 0;
	let lastNews = Date.now();
	try {
		while (finished < chunks) {
			Atomics.wait(done, 0, seen, 1000);
			seen = Atomics.load(done, 0);
			ports.forEach((port) => {
				for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
					const reply = m.message as TracedChunk;
					if (reply.error) throw new Error(`tracing thread: ${reply.error}`);
					const set = {
						coords: reply.coords,
						strokeEnds: reply.strokeEnds,
						digitStrokes: reply.digitStrokes,
					};
					for (let k = 0; k + 1 < set.digitStrokes.length; k++)
						out[reply.id * CHUNK + k] = digitStrokeList(set, k);
					received[reply.id] = 1;
					finished++;
					lastNews = Date.now();
					send(port);
				}
			});
			onProgress?.(Math.min(total, finished * CHUNK), total);
			if (finished < chunks && Date.now() - lastNews > STALL_MS) break;
		}
	} finally {
		for (const w of workers) void w.terminate();
	}
	// Whatever a stalled thread left undone is traced here.
	for (let c = 0; c < chunks; c++)
		if (!received[c]) traceHere(images, indices, c * CHUNK, Math.min(total, (c + 1) * CHUNK), out);
	return out;
}
