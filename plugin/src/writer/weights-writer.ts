/**
 * Puts a model artifact into the place as ReplicatedStorage.DigitLab.Model, atomically and undoably:
 * the new Folder is built off-tree and verified with the place's own runtime (load + golden self-check)
 * before it replaces the old one, all inside one ChangeHistoryService recording. Any failure cancels the
 * recording and leaves the old model untouched. Services are injected so Lune can drive it.
 */
import { fail, ok, Result } from "../bridge-client";
import { pluginError, scriptInjection } from "../errors";
import { ArtifactModule } from "../protocol";

export const MODEL_FOLDER = "Model";
export const DIGITLAB_FOLDER = "DigitLab";
export const RECORDING_NAME = "DigitLabWriteModel";

export interface ChangeHistoryLike {
	TryBeginRecording(name: string, displayName?: string): string | undefined;
	FinishRecording(identifier: string, operation: Enum.FinishRecordingOperation): void;
}

interface LoadedModel {
	selfCheck(): LuaTuple<[boolean, number]>;
}
export interface RuntimeLike {
	tryLoad(this: void, folder: Instance): LuaTuple<[boolean, LoadedModel | string]>;
}

export interface WriterDeps {
	changeHistory: ChangeHistoryLike;
	/** Where the DigitLab folder lives: ReplicatedStorage in Studio. */
	root: Instance;
	/** Defaults to requiring DigitLab.Runtime from the open place. */
	loadRuntime?: (digitLab: Instance) => RuntimeLike;
}

export interface WriteReport {
	modules: number;
	chars: number;
	/** Largest |Δp| between the runtime and TensorFlow.js over the golden vectors. */
	selfCheckDiff: number;
	replaced: boolean;
}

const MODULE_NAME = "^[%w_]+$";

function requireRuntime(digitLab: Instance): RuntimeLike {
	const module = digitLab.FindFirstChild("Runtime");
	if (module === undefined || !module.IsA("ModuleScript")) {
		throw `this place has no DigitLab runtime at ${digitLab.GetFullName()}.Runtime`;
	}
	return require(module) as RuntimeLike;
}

const isPermissionError = (message: string) => {
	const lower = message.lower();
	return lower.find("permission")[0] !== undefined || lower.find("inject")[0] !== undefined || lower.find("lacking capability")[0] !== undefined;
};

/** Builds the unparented Folder; Source writes are where a missing script-injection permission shows up. */
function stage(modules: ArtifactModule[]): Result<Folder> {
	const folder = new Instance("Folder");
	folder.Name = MODEL_FOLDER;
	for (const entry of modules) {
		if (entry.name.match(MODULE_NAME)[0] === undefined) {
			folder.Destroy();
			return fail(pluginError("write_failed", `The artifact has a module with an unusable name: "${entry.name}".`));
		}
		const [created, err] = pcall(() => {
			const module = new Instance("ModuleScript");
			module.Name = entry.name;
			module.Source = entry.source;
			module.Parent = folder;
		});
		if (!created) {
			folder.Destroy();
			const message = tostring(err);
			if (isPermissionError(message)) return fail(scriptInjection(message));
			return fail(pluginError("write_failed", `Could not create module ${entry.name}: ${message}`, message));
		}
	}
	return ok(folder);
}

function verify(deps: WriterDeps, digitLab: Instance, folder: Folder): Result<number> {
	const [loadedRuntime, runtime] = pcall(() => (deps.loadRuntime ?? requireRuntime)(digitLab));
	if (!loadedRuntime) {
		return fail(pluginError("write_failed", `Cannot check the new model: ${tostring(runtime)}. Open the DigitLab place (it carries the runtime).`));
	}
	const [called, outcome] = pcall(() => {
		const [loaded, value] = (runtime as RuntimeLike).tryLoad(folder);
		return { loaded, value };
	});
	if (!called || !outcome.loaded || typeIs(outcome.value, "string") || outcome.value === undefined) {
		const reason = !called ? tostring(outcome) : tostring(outcome.value);
		return fail(pluginError("write_failed", `The new model did not load, so the old one was kept. ${reason}`, reason));
	}
	const model = outcome.value as LoadedModel;
	const [checked, check] = pcall(() => {
		const [passed, diff] = model.selfCheck();
		return { passed, diff };
	});
	if (!checked) return fail(pluginError("write_failed", `The new model's self-check crashed, so the old one was kept: ${tostring(check)}`));
	if (!check.passed) {
		return fail(
			pluginError(
				"write_failed",
				`The new model disagrees with TensorFlow.js on its golden vectors (max difference ${string.format("%.3g", check.diff)}), so the old one was kept.`,
			),
		);
	}
	return ok(check.diff);
}

export function writeModel(deps: WriterDeps, modules: ArtifactModule[]): Result<WriteReport> {
	const digitLab = deps.root.FindFirstChild(DIGITLAB_FOLDER);
	if (digitLab === undefined) {
		return fail(pluginError("write_failed", `This place has no ${deps.root.Name}.${DIGITLAB_FOLDER} folder. Open the DigitLab place, then write again.`));
	}
	if (modules.size() === 0) return fail(pluginError("write_failed", "The artifact has no modules."));

	const recording = deps.changeHistory.TryBeginRecording(RECORDING_NAME, "Write DigitLab model");
	if (recording === undefined) {
		return fail(
			pluginError(
				"write_failed",
				"Studio would not start an undoable change (a play test is running or another plugin is mid-change). Stop the play test and press Write again.",
			),
		);
	}
	const cancel = <T>(result: Result<T>) => {
		deps.changeHistory.FinishRecording(recording, Enum.FinishRecordingOperation.Cancel);
		return result;
	};

	const staged = stage(modules);
	if (!staged.ok) return cancel(fail<WriteReport>(staged.error));
	const folder = staged.value;
	const verified = verify(deps, digitLab, folder);
	if (!verified.ok) {
		folder.Destroy();
		return cancel(fail<WriteReport>(verified.error));
	}

	const previous = digitLab.FindFirstChild(MODEL_FOLDER);
	// The new folder goes in first, then the old one leaves; the old one is unparented, not destroyed, so undo
	// can bring it back.
	const [swapped, err] = pcall(() => {
		folder.Parent = digitLab;
		if (previous !== undefined) previous.Parent = undefined;
	});
	if (!swapped) {
		pcall(() => {
			folder.Parent = undefined;
			if (previous !== undefined) previous.Parent = digitLab;
		});
		const message = tostring(err);
		return cancel(fail<WriteReport>(isPermissionError(message) ? scriptInjection(message) : pluginError("write_failed", `Could not put the model in the place: ${message}`)));
	}
	deps.changeHistory.FinishRecording(recording, Enum.FinishRecordingOperation.Commit);
	let chars = 0;
	for (const entry of modules) chars += entry.source.size();
	return ok({ modules: modules.size(), chars, selfCheckDiff: verified.value, replaced: previous !== undefined });
}
