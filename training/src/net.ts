import type * as tf from "@tensorflow/tfjs";
import { kindOfLayer, LAYERS } from "./layers";
import type { FastOp } from "./layers/types";

/**
 * A functional view of a tf.layers model over the SAME variables, with gradients shaped for the wasm backend:
 * its BatchMatMul is fast (XNNPACK) only without transpose flags, and Conv2DBackpropFilter is not registered,
 * so dense products use explicit `transpose` ops and convolutions become im2col + one matMul (training/README.md,
 * "Why the trainer does not use model.fit"). Each layer kind's op lives in its module under layers/ (`fastOp`).
 */
export class FunctionalNet {
	private readonly ops: FastOp[] = [];
	readonly variables: tf.Variable[] = [];

	constructor(model: tf.LayersModel) {
		let first = true;
		for (const layer of model.layers) {
			const kind = kindOfLayer(layer);
			if (kind === undefined) throw new Error(`the fast trainer does not support layer ${layer.getClassName()}`);
			const op = LAYERS[kind].fastOp(layer, { first });
			this.ops.push(op);
			this.variables.push(...op.variables);
			if (op.variables.length > 0) first = false;
		}
	}

	/** Logits (the output layer's softmax is left to the loss). */
	logits(input: tf.Tensor): tf.Tensor2D {
		let x = input;
		this.ops.forEach((op, i) => {
			x = op.apply(x, i === this.ops.length - 1);
		});
		return x as tf.Tensor2D;
	}
}
