import * as tf from "@tensorflow/tfjs";
import { INPUT_SHAPE } from "../../../place/src/shared/input-geometry";
import { toLuau, type LuauValue } from "./luau-literal";
import { fl64, float32ToBytes, quantizeInt8, sha256Hex, toBase64 } from "./payload";
import { kindList, kindOfLayer, layerModule, type ManifestLayer } from "../layers";
import {
	FORMAT_NAME,
	FORMAT_VERSION,
	GENERATOR,
	MAX_MODULE_CHARS,
	type Artifact,
	type ArtifactModule,
	type Manifest,
	type ManifestTensor,
} from "./types";

export interface ExportOptions {
	name: string;
	quantization: "float32" | "int8";
	backend: string;
	metrics: Manifest["metrics"];
	training: Record<string, unknown>;
	/** Golden inputs, `count × inputSize` values in 0..1 (a blank one is added first). */
	goldenInputs: Float32Array;
	labels?: string[];
	/** The 0-based index of the output "two digits drawn as one", if the model has one. */
	pairOutput?: number;
	/** The picture the model reads, height × width × channels; the board's own (input-geometry.ts) unless given. */
	inputShape?: readonly number[];
	maxModuleChars?: number;
	createdAt?: string;
}

const header = (what: string) =>
	`--!strict\n-- DigitLab model ${what}, format v${FORMAT_VERSION}. Generated; do not edit.\n`;

function shapeOf(s: readonly (number | null)[]): number[] {
	return s.slice(1).map((d) => d ?? 0);
}

class PayloadBuilder {
	private readonly parts: Uint8Array[] = [];
	private length = 0;
	readonly tensors: ManifestTensor[] = [];

	private push(bytes: Uint8Array): number {
		const offset = this.length;
		this.parts.push(bytes);
		this.length += bytes.length;
		const pad = (4 - (this.length % 4)) % 4;
		if (pad > 0) {
			this.parts.push(new Uint8Array(pad));
			this.length += pad;
		}
		return offset;
	}

	addFloat(name: string, shape: number[], values: Float32Array): number {
		this.tensors.push({ name, shape, dtype: "float32", offset: this.push(float32ToBytes(values)) });
		return this.tensors.length;
	}

	addInt8(name: string, shape: number[], values: Float32Array): number {
		const units = shape[shape.length - 1]!;
		const { q, scales } = quantizeInt8(values, units);
		const offset = this.push(new Uint8Array(q.buffer, q.byteOffset, q.byteLength));
		this.tensors.push({ name, shape, dtype: "int8", offset });
		const index = this.tensors.length;
		this.tensors[index - 1]!.scales = this.addFloat(`${name}/scales`, [units], scales);
		return index;
	}

	bytes(): Uint8Array {
		const out = new Uint8Array(this.length);
		let o = 0;
		for (const p of this.parts) {
			out.set(p, o);
			o += p.length;
		}
		return out;
	}
}

function describe(model: tf.LayersModel, payload: PayloadBuilder, quantization: "float32" | "int8"): ManifestLayer[] {
	return model.layers.map((layer) => {
		const kind = kindOfLayer(layer);
		if (kind === undefined)
			throw new Error(`cannot export layer ${layer.getClassName()}: the weights format has ${kindList()}`);
		const weights = () => {
			const [k, b] = layer.getWeights();
			const kernelValues = k!.dataSync() as Float32Array;
			const kernel =
				quantization === "int8"
					? payload.addInt8(layer.weights[0]!.name, k!.shape, kernelValues)
					: payload.addFloat(layer.weights[0]!.name, k!.shape, kernelValues);
			const bias = payload.addFloat(layer.weights[1]!.name, b!.shape, b!.dataSync() as Float32Array);
			return { kernel, bias };
		};
		const inputShape = shapeOf((layer.input as tf.SymbolicTensor).shape);
		const outputShape = shapeOf(layer.outputShape as number[]);
		return layerModule(kind).describe(layer, { inputShape, outputShape, weights });
	});
}

function shardModules(base64: string, maxChars: number): ArtifactModule[] {
	const prefix = header("weights shard") + 'return "';
	const suffix = '"\n';
	// Multiples of 4 keep every shard decodable on its own, which makes truncation easier to spot.
	const chunk = Math.floor((maxChars - prefix.length - suffix.length) / 4) * 4;
	const modules: ArtifactModule[] = [];
	for (let i = 0; i < base64.length || modules.length === 0; i += chunk) {
		modules.push({ name: `Shard${modules.length + 1}`, source: prefix + base64.slice(i, i + chunk) + suffix });
	}
	return modules;
}

/** Exports a trained tf.layers model to the modules of docs/weights-format.md v1. */
export function exportModel(model: tf.LayersModel, options: ExportOptions): Artifact {
	const maxChars = options.maxModuleChars ?? MAX_MODULE_CHARS;
	const builder = new PayloadBuilder();
	const layers = describe(model, builder, options.quantization);
	const bytes = builder.bytes();
	const base64 = toBase64(bytes);
	const shards = shardModules(base64, maxChars);
	const shardChars = shards.map((s) => s.source.length - s.source.indexOf('"') - 3);
	const input = [...(options.inputShape ?? INPUT_SHAPE)];
	const inputSize = input.reduce((a, b) => a * b, 1);
	const modelInputSize = shapeOf(model.inputs[0]!.shape).reduce((a, b) => a * b, 1);
	if (modelInputSize !== inputSize) {
		throw new Error(
			`the model reads ${modelInputSize} values but its input is ${input.join("×")} (${inputSize}): pass the model's inputShape to exportModel`,
		);
	}
	const blank = new Float32Array(inputSize);
	const goldenIn = new Float32Array(blank.length + options.goldenInputs.length);
	goldenIn.set(options.goldenInputs, blank.length);
	const count = goldenIn.length / inputSize;
	const inputShape = shapeOf(model.inputs[0]!.shape);
	const goldenOut = tf.tidy(
		() => (model.predict(tf.tensor(goldenIn, [count, ...inputShape])) as tf.Tensor).dataSync() as Float32Array,
	);
	const outputSize = goldenOut.length / count;
	if (options.labels !== undefined && options.labels.length !== outputSize)
		throw new Error(`${options.labels.length} labels for a model with ${outputSize} outputs`);
	const { pairOutput } = options;
	if (pairOutput !== undefined && !(Number.isInteger(pairOutput) && pairOutput >= 0 && pairOutput < outputSize))
		throw new Error(`pairOutput ${pairOutput} is not one of the model's ${outputSize} outputs (0-based)`);
	const manifest: Manifest = {
		format: FORMAT_NAME,
		formatVersion: FORMAT_VERSION,
		name: options.name,
		createdAt: options.createdAt ?? new Date().toISOString(),
		labels: options.labels ?? Array.from({ length: outputSize }, (_, i) => String(i)),
		...(pairOutput !== undefined ? { pairOutput } : {}),
		input: { shape: input, layout: "hwc", range: [0, 1], ink: 1 },
		layers,
		tensors: builder.tensors,
		payload: {
			encoding: "base64",
			bytes: bytes.length,
			shards: shards.map((s) => s.name),
			shardChars,
			checksum: fl64(bytes),
		},
		sha256: sha256Hex(bytes),
		metrics: options.metrics,
		training: options.training,
		quantization: options.quantization,
		generator: { ...GENERATOR, backend: options.backend },
	};
	const golden = `${header("golden vectors")}return ${toLuau({
		count,
		inputSize,
		outputSize,
		inputs: toBase64(float32ToBytes(goldenIn)),
		outputs: toBase64(float32ToBytes(goldenOut)),
	})}\n`;
	const modules: ArtifactModule[] = [
		{ name: "Manifest", source: `${header("weights")}return ${toLuau(manifest as unknown as LuauValue)}\n` },
		...shards,
		{ name: "Golden", source: golden },
	];
	for (const m of modules) {
		if (m.source.length > maxChars)
			throw new Error(`module ${m.name} is ${m.source.length} characters (limit ${maxChars})`);
	}
	return { formatVersion: FORMAT_VERSION, modules, manifest };
}
