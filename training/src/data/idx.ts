import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";

/** A parsed IDX file (http://yann.lecun.com/exdb/mnist/): unsigned bytes with their dimensions. */
export interface IdxArray {
	dims: number[];
	data: Uint8Array;
}

export class DatasetError extends Error {
	override name = "DatasetError";
}

const UBYTE = 0x08;

/** Parses IDX bytes (raw or gzip). `label` names the file in error messages. */
export function parseIdx(bytes: Uint8Array, label: string, expectedDims: number): IdxArray {
	let buf = bytes;
	if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
		try {
			buf = gunzipSync(buf);
		} catch (err) {
			throw new DatasetError(
				`${label}: gzip data is corrupt (${(err as Error).message}); download the file again.`,
			);
		}
	}
	if (buf.length < 4) throw new DatasetError(`${label}: file is too short to be an IDX file (${buf.length} bytes).`);
	const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	const magic = view.getUint32(0, false);
	const type = (magic >> 8) & 0xff;
	const ndim = magic & 0xff;
	if (magic >>> 16 !== 0 || type !== UBYTE || ndim !== expectedDims) {
		const want = (0x0800 | expectedDims).toString(16).padStart(8, "0");
		throw new DatasetError(
			`${label}: bad magic number 0x${magic.toString(16).padStart(8, "0")} (expected 0x${want}: unsigned bytes, ${expectedDims} dimensions); is this the right IDX file?`,
		);
	}
	const headerBytes = 4 + 4 * ndim;
	if (buf.length < headerBytes) throw new DatasetError(`${label}: header is truncated.`);
	const dims: number[] = [];
	for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false));
	const count = dims.reduce((a, b) => a * b, 1);
	const have = buf.length - headerBytes;
	if (have < count) {
		throw new DatasetError(
			`${label}: file is truncated: header says ${dims.join("×")} = ${count} bytes of data, found ${have}; download the file again.`,
		);
	}
	if (have > count) {
		throw new DatasetError(`${label}: ${have - count} unexpected bytes after the ${dims.join("×")} data.`);
	}
	return { dims, data: buf.subarray(headerBytes, headerBytes + count) };
}

export async function readIdx(path: string, expectedDims: number): Promise<IdxArray> {
	let bytes: Uint8Array;
	try {
		bytes = await readFile(path);
	} catch (err) {
		throw new DatasetError(
			`cannot read dataset file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
		);
	}
	return parseIdx(bytes, path, expectedDims);
}
