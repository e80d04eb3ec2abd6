/** TypeScript view of docs/weights-format.md v1. */
import type { ManifestLayer } from "../layers";
import { DIGITLAB_VERSION } from "../../../version";

export const FORMAT_VERSION = 1;
export const FORMAT_NAME = "digitlab-weights";
export const MAX_MODULE_CHARS = 200_000;
export const GENERATOR = { name: "digitlab", version: DIGITLAB_VERSION };

/** One entry of `layers`: each kind's shape is declared by its module under training/src/layers. */
export type { ManifestLayer } from "../layers";

export interface ManifestTensor {
	name: string;
	shape: number[];
	dtype: "float32" | "int8";
	offset: number;
	scales?: number;
}

export interface Manifest {
	format: typeof FORMAT_NAME;
	formatVersion: number;
	name: string;
	createdAt: string;
	/** One per output, in order. */
	labels: string[];
	/** The 0-based index of the output "two digits drawn as one" (a model trained with pairs); absent otherwise. */
	pairOutput?: number;
	input: { shape: number[]; layout: "hwc"; range: number[]; ink: number };
	layers: ManifestLayer[];
	tensors: ManifestTensor[];
	payload: { encoding: "base64"; bytes: number; shards: string[]; shardChars: number[]; checksum: string };
	sha256: string;
	metrics: { testAccuracy?: number; valAccuracy?: number; floatTestAccuracy?: number; perClass?: number[] };
	training: Record<string, unknown>;
	quantization: "float32" | "int8";
	generator: { name: string; version: string; backend: string };
}

export interface ArtifactModule {
	name: string;
	source: string;
}

export interface Artifact {
	formatVersion: number;
	modules: ArtifactModule[];
	manifest: Manifest;
}

export interface Golden {
	count: number;
	inputSize: number;
	outputSize: number;
	inputs: Float32Array;
	outputs: Float32Array;
}
