/**
 * The traced strokes of a whole image set as typed arrays (shareable with worker threads), computed once and kept
 * on disk. Tracing 60,000 MNIST digits takes about 20 s, so the results are cached per image content: a store file
 * maps a 64-bit hash of each image to its strokes, and any subset or validation split of the same images finds
 * them there. A cache that cannot be read or written only costs time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheDir } from "../../../cache-dir";
import type { ImageSet } from "../data/mnist";
import { digitStrokeList, packStrokes, type StrokeSet } from "./stroke-pack";
import { TRACE_OPTIONS, TRACER_VERSION } from "./trace";
import { type TraceProgress, traceMany } from "./trace-pool";

const AREA = 784;

export { digitStrokeList, packStrokes, type StrokeSet } from "./stroke-pack";

/** Two independent 32-bit hashes of an image's 8-bit pixels, combined into one 53-bit key. */
export function imageKey(images: Float32Array, offset: number, size: number): number {
	let a = 0x811c9dc5;
	let b = 0x9747b28c;
	for (let i = 0; i < size; i++) {
		const v = Math.round(images[offset + i]! * 255);
		a = Math.imul(a ^ v, 0x01000193);
		b = Math.imul(b ^ v, 0x5bd1e995);
		b ^= b >>> 15;
	}
	return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

const MAGIC = 0x54534c44; // "DLST"

function storeFile(dir: string): string {
	const tag = createHash("sha256")
		.update(JSON.stringify({ v: TRACER_VERSION, o: TRACE_OPTIONS }))
		.digest("hex")
		.slice(0, 12);
	return path.join(dir, "strokes", `mnist-strokes-${tag}.bin`);
}

interface Stored {
	keys: Float64Array;
	set: StrokeSet;
}

function readStore(file: string): Stored | undefined {
	try {
		const buf = readFileSync(file);
		const head = new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + 16));
		if (head[0] !== MAGIC) return undefined;
		const [, count, strokes, points] = head as unknown as [number, number, number, number];
		let at = 16;
		const take = (bytes: number) => {
			const part = buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + bytes);
			at += bytes;
			return part;
		};
		const keys = new Float64Array(take(count * 8));
		const digitStrokes = new Uint32Array(take((count + 1) * 4));
		const strokeEnds = new Uint32Array(take(strokes * 4));
		const coords = new Float32Array(take(points * 8));
		if (at !== buf.length) return undefined;
		return { keys, set: { coords, strokeEnds, digitStrokes } };
	} catch {
		return undefined;
	}
}

function writeStore(file: string, stored: Stored): void {
	try {
		mkdirSync(path.dirname(file), { recursive: true });
		const { keys, set } = stored;
		const head = new Uint32Array([MAGIC, keys.length, set.strokeEnds.length, set.coords.length / 2]);
		const parts = [head, keys, set.digitStrokes, set.strokeEnds, set.coords].map((a) =>
			Buffer.from(a.buffer, a.byteOffset, a.byteLength),
		);
		const tmp = `${file}.${process.pid}.tmp`;
		writeFileSync(tmp, Buffer.concat(parts));
		renameSync(tmp, file);
	} catch {
		// A read-only or full disk only means tracing again next time.
	}
}

export type { TraceProgress } from "./trace-pool";

/** The strokes of every image of `set`, from the disk cache where possible; new tracings are added to it. */
export function strokesFor(
	set: ImageSet,
	options: { dir?: string; onProgress?: TraceProgress; threads?: number } = {},
): { strokes: StrokeSet; traced: number } {
	const size = set.height * set.width;
	const file = storeFile(options.dir ?? cacheDir());
	const stored = readStore(file);
	const known = new Map<number, number>();
	if (stored) stored.keys.forEach((key, i) => known.set(key, i));
	const keys = new Float64Array(set.count);
	const digits: Float32Array[][] = new Array(set.count);
	const fresh: number[] = [];
	for (let i = 0; i < set.count; i++) {
		keys[i] = imageKey(set.images, i * size, size);
		const hit = known.get(keys[i]!);
		if (hit !== undefined && stored) digits[i] = digitStrokeList(stored.set, hit);
		else fresh.push(i);
	}
	const traced = size === AREA ? traceMany(set.images, fresh, options.onProgress, options.threads) : [];
	fresh.forEach((i, n) => {
		digits[i] = traced[n] ?? [];
	});
	const strokes = packStrokes(digits);
	if (fresh.length > 0) {
		// Keep what was stored before and add this set's new digits.
		const extraKeys: number[] = [];
		const extra: Float32Array[][] = [];
		const seen = new Set<number>();
		for (const i of fresh) {
			if (seen.has(keys[i]!)) continue;
			seen.add(keys[i]!);
			extraKeys.push(keys[i]!);
			extra.push(digits[i]!);
		}
		const old: Float32Array[][] = [];
		if (stored) for (let d = 0; d < stored.keys.length; d++) old.push(digitStrokeList(stored.set, d));
		const allKeys = new Float64Array(old.length + extraKeys.length);
		if (stored) allKeys.set(stored.keys);
		allKeys.set(extraKeys, old.length);
		writeStore(file, { keys: allKeys, set: packStrokes([...old, ...extra]) });
	}
	return { strokes, traced: fresh.length };
}
