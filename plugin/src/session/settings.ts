/**
 * The settings form's values as the user typed them (what plugin settings persist), and their validation into
 * a JobRequest. Limits mirror the bridge's caps so a bad value is caught before anything is sent.
 */
import { JobRequest, ModelKind } from "../protocol";

export interface SettingsDraft {
	model: ModelKind;
	hidden: string;
	epochs: string;
	batchSize: string;
	learningRate: string;
	augment: boolean;
	int8: boolean;
}

export type SettingsField = keyof SettingsDraft;
export type SettingsErrors = Partial<Record<SettingsField, string>>;

export const DEFAULT_SETTINGS: SettingsDraft = {
	model: "mlp",
	hidden: "256",
	epochs: "30",
	batchSize: "128",
	learningRate: "0.001",
	augment: true,
	int8: false,
};

export const LIMITS = {
	maxEpochs: 50,
	maxHiddenLayers: 4,
	maxHiddenUnits: 1024,
	maxBatchSize: 1024,
	minLearningRate: 1e-5,
	maxLearningRate: 1,
};

function integer(text: string, min: number, max: number, what: string): number | string {
	const value = tonumber(text.gsub("%s", "")[0]);
	if (value === undefined || value % 1 !== 0) return `${what} must be a whole number`;
	if (value < min || value > max) return `${what} must be from ${min} to ${max}`;
	return value;
}

/** "256" or "128, 64": the hidden dense layers. */
function hiddenLayers(text: string): number[] | string {
	const units: number[] = [];
	for (const [part] of text.gmatch("[^,]+")) {
		const value = integer(tostring(part), 1, LIMITS.maxHiddenUnits, "Each hidden layer");
		if (typeIs(value, "string")) return value;
		units.push(value);
	}
	if (units.size() === 0) return "Give at least one hidden layer size, e.g. 256 or 128, 64";
	if (units.size() > LIMITS.maxHiddenLayers) return `At most ${LIMITS.maxHiddenLayers} hidden layers`;
	return units;
}

export type Validation = { ok: true; request: JobRequest } | { ok: false; errors: SettingsErrors };

export function validateSettings(draft: SettingsDraft): Validation {
	const errors: SettingsErrors = {};
	const hidden = hiddenLayers(draft.hidden);
	if (typeIs(hidden, "string")) errors.hidden = hidden;
	const epochs = integer(draft.epochs, 1, LIMITS.maxEpochs, "Epochs");
	if (typeIs(epochs, "string")) errors.epochs = epochs;
	const batchSize = integer(draft.batchSize, 1, LIMITS.maxBatchSize, "Batch size");
	if (typeIs(batchSize, "string")) errors.batchSize = batchSize;
	const learningRate = tonumber(draft.learningRate.gsub("%s", "")[0]);
	if (learningRate === undefined || learningRate < LIMITS.minLearningRate || learningRate > LIMITS.maxLearningRate) {
		errors.learningRate = `Learning rate must be a number from ${LIMITS.minLearningRate} to ${LIMITS.maxLearningRate}`;
	}
	if (draft.model !== "mlp" && draft.model !== "cnn") errors.model = "Model must be MLP or CNN";
	if (next(errors)[0] !== undefined) return { ok: false, errors };
	return {
		ok: true,
		request: {
			model: draft.model,
			hidden: hidden as number[],
			epochs: epochs as number,
			batchSize: batchSize as number,
			learningRate: learningRate as number,
			augment: draft.augment,
			quantization: draft.int8 ? "int8" : "float32",
		},
	};
}

/** Accepts whatever plugin settings held (possibly from an older plugin) and fills gaps with defaults. */
export function restoreSettings(saved: unknown): SettingsDraft {
	const draft = { ...DEFAULT_SETTINGS };
	if (!typeIs(saved, "table")) return draft;
	const raw = saved as Record<string, unknown>;
	for (const [key, fallback] of pairs(DEFAULT_SETTINGS)) {
		if (typeOf(raw[key]) === typeOf(fallback)) (draft as unknown as Record<string, unknown>)[key] = raw[key];
	}
	return draft;
}
