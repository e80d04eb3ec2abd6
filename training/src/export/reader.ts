import * as tf from "@tensorflow/tfjs";
import { layerModule } from "../layers";
import { parseLuauReturn } from "./luau-literal";
import { bytesToFloat32, fl64, fromBase64 } from "./payload";
import {
	FORMAT_VERSION,
	type Artifact,
	type ArtifactModule,
	type Golden,
	type Manifest,
	type ManifestTensor,
} from "./types";

/** A decoded artifact: the manifest, every tensor as float32 (int8 dequantized), and the golden vectors. */
export interface DecodedArtifact {
	manifest: Manifest;
	payload: Uint8Array;
	tensors: Float32Array[];
	golden: Golden;
}

function find(modules: ArtifactModule[], name: string): ArtifactModule {
	const m = modules.find((x) => x.name === name);
	if (!m) throw new Error(`DigitLab model: module ${name} is missing`);
	return m;
}

function shardString(source: string, name: string): string {
	const m = /^[\s\S]*?return "([A-Za-z0-9+/=]*)"\s*$/.exec(source);
	if (!m) throw new Error(`DigitLab model: ${name} is not a weights shard`);
	return m[1]!;
}

function decodeTensor(
	t: ManifestTensor,
	manifest: Manifest,
	payload: Uint8Array,
	cache: Map<number, Float32Array>,
): Float32Array {
	const count = t.shape.reduce((a, b) => a * b, 1);
	if (t.dtype === "float32") return bytesToFloat32(payload, t.offset, count);
	if (t.scales === undefined) throw new Error(`tensor ${t.name} is int8 without scales`);
	const scaleTensor = manifest.tensors[t.scales - 1]!;
	const scales = cache.get(t.scales) ?? bytesToFloat32(payload, scaleTensor.offset, scaleTensor.shape[0]!);
	const units = t.shape[t.shape.length - 1]!;
	const q = new Int8Array(payload.buffer, payload.byteOffset + t.offset, count);
	const out = new Float32Array(count);
	for (let i = 0; i < count; i++) out[i] = q[i]! * scales[i % units]!;
	return out;
}

/** Reads the modules back, checking format version, shard lengths and the checksum like the runtime does. */
export function decodeArtifact(modules: ArtifactModule[]): DecodedArtifact {
	const manifest = parseLuauReturn(find(modules, "Manifest").source, "Manifest") as unknown as Manifest;
	if (manifest.formatVersion !== FORMAT_VERSION) {
		throw new Error(
			`DigitLab model: weights are format v${manifest.formatVersion}, this reader reads v${FORMAT_VERSION}`,
		);
	}
	const parts = manifest.payload.shards.map((name, i) => {
		const s = shardString(find(modules, name).source, name);
		if (s.length !== manifest.payload.shardChars[i])
			throw new Error(
				`DigitLab model: shard ${name} has ${s.length} characters, expected ${manifest.payload.shardChars[i]}`,
			);
		return s;
	});
	const payload = fromBase64(parts.join(""));
	if (payload.length !== manifest.payload.bytes)
		throw new Error(`DigitLab model: payload is ${payload.length} bytes, expected ${manifest.payload.bytes}`);
	if (fl64(payload) !== manifest.payload.checksum)
		throw new Error("DigitLab model: checksum mismatch (weights are corrupt or incomplete)");
	const cache = new Map<number, Float32Array>();
	const tensors = manifest.tensors.map((t) => decodeTensor(t, manifest, payload, cache));
	const g = parseLuauReturn(find(modules, "Golden").source, "Golden") as Record<string, unknown>;
	const golden: Golden = {
		count: Number(g.count),
		inputSize: Number(g.inputSize),
		outputSize: Number(g.outputSize),
		inputs: bytesToFloat32(fromBase64(String(g.inputs)), 0, Number(g.count) * Number(g.inputSize)),
		outputs: bytesToFloat32(fromBase64(String(g.outputs)), 0, Number(g.count) * Number(g.outputSize)),
	};
	return { manifest, payload, tensors, golden };
}

/** Rebuilds a tf.layers model from decoded weights: TF.js's own view of what the runtime will compute. */
export function modelFromArtifact(artifact: DecodedArtifact | Artifact): tf.Sequential {
	const decoded = "payload" in artifact ? artifact : decodeArtifact(artifact.modules);
	const model = tf.sequential();
	const weights: tf.Tensor[] = [];
	const tensor = (index: number) =>
		tf.tensor(decoded.tensors[index - 1]!, decoded.manifest.tensors[index - 1]!.shape);
	decoded.manifest.layers.forEach((spec, i) => {
		const rebuilt = layerModule(spec.type).rebuild(spec, { first: i === 0, tensor });
		model.add(rebuilt.layer);
		weights.push(...rebuilt.weights);
	});
	model.setWeights(weights);
	tf.dispose(weights);
	return model;
}
