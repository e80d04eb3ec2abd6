/**
 * Every layer kind of docs/weights-format.md, one module each. The record is typed by the manifest's union, so a
 * kind in `ManifestLayer` without a module (or a module left out here) is a compile error. To add a kind, see
 * "How to add a layer kind" in docs/weights-format.md.
 */
import type * as tf from "@tensorflow/tfjs";
import { conv2d, type Conv2dSpec } from "./conv2d";
import { dense, type DenseSpec } from "./dense";
import { flatten, type FlattenSpec } from "./flatten";
import { maxpool2d, type Maxpool2dSpec } from "./maxpool2d";
import type { LayerModule } from "./types";

/** One entry of the manifest's `layers`. */
export type ManifestLayer = DenseSpec | Conv2dSpec | Maxpool2dSpec | FlattenSpec;
export type LayerKind = ManifestLayer["type"];

export const LAYERS: { readonly [K in LayerKind]: LayerModule<Extract<ManifestLayer, { type: K }>> } = {
	dense,
	conv2d,
	maxpool2d,
	flatten,
};

export const LAYER_KINDS = Object.keys(LAYERS) as LayerKind[];

/** A kind's module, typed for any of its specs (TypeScript cannot follow the correlation through `LAYERS[kind]`). */
export function layerModule(kind: LayerKind): LayerModule<ManifestLayer> {
	const module = LAYERS[kind] as LayerModule<never> | undefined;
	if (module === undefined)
		throw new Error(`the weights format has no layer kind "${String(kind)}" (it has ${kindList()})`);
	return module as unknown as LayerModule<ManifestLayer>;
}

/** "dense, conv2d, maxpool2d and flatten", for messages. */
export function kindList(): string {
	return LAYER_KINDS.length < 2
		? LAYER_KINDS.join("")
		: `${LAYER_KINDS.slice(0, -1).join(", ")} and ${LAYER_KINDS[LAYER_KINDS.length - 1]}`;
}

/** The kind a TF.js layer exports as, or undefined for a class the format lacks. */
export function kindOfLayer(layer: tf.layers.Layer): LayerKind | undefined {
	const cls = layer.getClassName();
	return LAYER_KINDS.find((k) => LAYERS[k].className === cls);
}
