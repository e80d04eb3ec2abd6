import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetError, parseIdx } from "../../../../training/src/data/idx";
import { loadImageSet, loadMnist } from "../../../../training/src/data/mnist";

function idx(dims: number[], data: number[], magicDims = dims.length, type = 0x08): Uint8Array {
	const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
	header.setUint32(0, (type << 8) | magicDims, false);
	dims.forEach((d, i) => header.setUint32(4 + 4 * i, d, false));
	const out = new Uint8Array(header.byteLength + data.length);
	out.set(new Uint8Array(header.buffer), 0);
	out.set(data, header.byteLength);
	return out;
}

let dir = "";
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), "digitlab-idx-"));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array): Promise<string> {
	const path = join(dir, name);
	await writeFile(path, bytes);
	return path;
}

describe("IDX loader", () => {
	it("reads raw and gzip files and scales pixels to 0..1 once", async () => {
		const pixels = [0, 255, 51, 102, 0, 0, 255, 255];
		const images = await file("img.gz", gzipSync(idx([2, 2, 2], pixels)));
		const labels = await file("lab", idx([2], [3, 9]));
		const set = await loadImageSet(images, labels);
		expect(set.count).toBe(2);
		expect([set.height, set.width]).toEqual([2, 2]);
		expect(Array.from(set.images)).toEqual(pixels.map((p) => Math.fround(p / 255)));
		expect(Array.from(set.labels)).toEqual([3, 9]);
	});

	it("rejects a corrupt magic number with a clear message", async () => {
		const bad = idx([2, 2, 2], new Array(8).fill(0), 3, 0x0d);
		const images = await file("bad-magic", bad);
		const labels = await file("lab2", idx([2], [1, 2]));
		await expect(loadImageSet(images, labels)).rejects.toThrow(/bad magic number 0x00000d03 \(expected 0x00000803/);
		// Images where labels are expected (wrong dimension count).
		expect(() => parseIdx(idx([2, 2, 2], new Array(8).fill(0)), "labels.idx", 1)).toThrow(
			/labels\.idx: bad magic number 0x00000803 \(expected 0x00000801/,
		);
	});

	it("rejects a truncated file", async () => {
		const full = idx([3, 2, 2], new Array(12).fill(7));
		const images = await file("truncated", full.subarray(0, full.length - 5));
		const labels = await file("lab3", idx([3], [1, 2, 3]));
		await expect(loadImageSet(images, labels)).rejects.toThrow(
			/truncated: header says 3×2×2 = 12 bytes of data, found 7/,
		);
		expect(() => parseIdx(full.subarray(0, 6), "x", 3)).toThrow(DatasetError);
	});

	it("rejects corrupt gzip", async () => {
		const gz = gzipSync(idx([1], [1]));
		expect(() => parseIdx(gz.subarray(0, gz.length - 6), "labels.gz", 1)).toThrow(
			/labels\.gz: gzip data is corrupt/,
		);
	});

	it("rejects image/label count mismatch", async () => {
		const images = await file("img3", idx([3, 2, 2], new Array(12).fill(0)));
		const labels = await file("lab4", idx([2], [1, 2]));
		await expect(loadImageSet(images, labels)).rejects.toThrow(
			/count mismatch: .*img3 holds 3 images but .*lab4 holds 2 labels/,
		);
	});

	it("names a missing file", async () => {
		const missing = join(dir, "nope");
		await expect(
			loadMnist({ images: missing, labels: missing, testImages: missing, testLabels: missing }),
		).rejects.toThrow(/cannot read dataset file .*nope: ENOENT/);
	});
});
