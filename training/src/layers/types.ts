/**
 * What one layer kind of docs/weights-format.md knows, on the TypeScript side. Every kind is one module in this
 * folder; `index.ts` gathers them in one record, so a kind without a module (or a module without its entry) does
 * not compile. The runtime's twin is `place/src/shared/Runtime/LayerKinds.luau`.
 */
import type * as tf from "@tensorflow/tfjs";

/** Shapes exclude the batch dimension. */
export interface DescribeContext {
	inputShape: number[];
	outputShape: number[];
	/** Puts the layer's kernel and bias into the payload (the kernel as int8 when quantizing): their tensor indices. */
	weights(): { kernel: number; bias: number };
}

export interface RebuildContext {
	/** The model's first layer: TF.js needs its input shape. */
	first: boolean;
	/** A payload tensor (1-based index, as in the manifest) as float32 in its manifest shape; int8 comes dequantized. */
	tensor(index: number): tf.Tensor;
}

export interface FastContext {
	/** No layer with weights comes before this one (its input needs no gradient). */
	first: boolean;
}

/** One step of the fast trainer's forward pass, over the TF.js layer's own variables (training/src/net.ts). */
export interface FastOp {
	variables: tf.Variable[];
	/** `isOutput`: the network's last layer, whose softmax the loss applies itself. */
	apply(x: tf.Tensor, isOutput: boolean): tf.Tensor;
}

/** A tiny model the format fixtures run (tests/fixtures/format/<kind>.json). */
export interface Example {
	name: string;
	/** Seeded, so the fixture generator and its freshness test build the same weights. */
	build(): tf.LayersModel;
	quantization?: "float32" | "int8";
}

export interface LayerModule<Spec extends { type: string }> {
	/** The TF.js class it exports from (`layer.getClassName()`). */
	className: string;
	/** The manifest entry of a trained TF.js layer. */
	describe(layer: tf.layers.Layer, ctx: DescribeContext): Spec;
	/** A TF.js layer computing what the runtime computes for `spec`, and its weights in `setWeights` order. */
	rebuild(spec: Spec, ctx: RebuildContext): { layer: tf.layers.Layer; weights: tf.Tensor[] };
	/** The fast trainer's op; throws a message naming what the fast trainer lacks. */
	fastOp(layer: tf.layers.Layer, ctx: FastContext): FastOp;
	/** Tiny models covering the kind's options (and every activation, for kinds that have one). */
	examples: Example[];
}
