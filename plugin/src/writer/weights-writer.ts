/**
 * Puts a model artifact into the place as ReplicatedStorage.DigitLab.Model, with the runtime from the plugin's
 * kit when the place has none (or an older one), and the drawing board when asked — all in one
 * ChangeHistoryService recording, so one Undo takes the whole write back. Everything new is built off-tree and
 * the model is checked with the runtime that will sit next to it (load + golden self-check) before anything in
 * the place changes; any failure cancels the recording and leaves the place as it was.
 */
import { fail, ok, Result } from "../bridge-client";
import { pluginError, scriptInjection } from "../errors";
import {
	cloneForPlace,
	DIGITLAB_CONTAINER,
	findContainer,
	isRuntime,
	KitItem,
	kitItems,
	MODEL_NAME,
	PlaceLike,
	placeItem,
} from "../kit/place-kit";
import { RuntimeState, runtimeState, stampRuntime } from "../kit/runtime-version";
import { ArtifactModule } from "../protocol";
import { isPermissionError, stageModel, swapIn, verifyModel } from "./staging";

export const RECORDING_NAME = "DigitLabWriteModel";
export const BOARD_RECORDING_NAME = "DigitLabAddBoard";

export interface ChangeHistoryLike {
	TryBeginRecording(name: string, displayName?: string): string | undefined;
	FinishRecording(identifier: string, operation: Enum.FinishRecordingOperation): void;
}

export interface WriterDeps {
	changeHistory: ChangeHistoryLike;
	place: PlaceLike;
	/** The plugin's Kit folder; without it only places that already have a runtime can be written. */
	kit?: Instance;
}

/** What to do with a runtime the creator edited: ask (the default), replace it, or keep it. */
export type RuntimeChoice = "ask" | "replace" | "keep";

export interface WriteOptions {
	runtime?: RuntimeChoice;
	/** Also add (or update) the drawing board in the same recording. */
	board?: boolean;
}

export interface WriteReport {
	modules: number;
	chars: number;
	/** Largest |Δp| between the runtime and TensorFlow.js over the golden vectors. */
	selfCheckDiff: number;
	replaced: boolean;
	runtime: "installed" | "updated" | "kept";
	board: boolean;
}

function kitRuntimeItem(kit: Instance | undefined): KitItem | undefined {
	if (kit === undefined) return undefined;
	return kitItems(kit).find(isRuntime);
}

/** The place's runtime and what it is. */
export function placeRuntime(deps: WriterDeps): { module?: Instance; state: RuntimeState } {
	const item = kitRuntimeItem(deps.kit);
	const module =
		item !== undefined
			? placeItem(deps.place, item)
			: findContainer(deps.place, DIGITLAB_CONTAINER, false)?.FindFirstChild("Runtime");
	return { module, state: runtimeState(module, item?.instance) };
}

const editedRuntime = (version?: string) =>
	pluginError(
		"runtime_edited",
		`This place's DigitLab runtime was edited${version !== undefined ? ` (it started as ${version})` : ""}, so it is not replaced without asking. ` +
			"Replace it with this plugin's runtime (Undo brings yours back), or keep yours and write only the model.",
	);

/** Runs `change` inside one recording; commits on success, cancels (reverting everything) on failure. */
function recorded<T>(deps: WriterDeps, name: string, label: string, change: () => Result<T>): Result<T> {
	const recording = deps.changeHistory.TryBeginRecording(name, label);
	if (recording === undefined) {
		return fail(
			pluginError(
				"write_failed",
				"Studio would not start an undoable change (a play test is running or another plugin is mid-change). Stop the play test and press Write again.",
			),
		);
	}
	const [ran, result] = pcall(change);
	if (!ran || !result.ok) {
		deps.changeHistory.FinishRecording(recording, Enum.FinishRecordingOperation.Cancel);
		if (!ran) return fail(pluginError("write_failed", `Writing into the place failed: ${tostring(result)}`));
		return result;
	}
	deps.changeHistory.FinishRecording(recording, Enum.FinishRecordingOperation.Commit);
	return result;
}

/** Board items (and the runtime, when `withRuntime`) as staged copies, each with its container in the place. */
function stageKit(deps: WriterDeps, withRuntime: boolean, withBoard: boolean) {
	const staged: { item: KitItem; copy: Instance }[] = [];
	for (const item of kitItems(deps.kit!)) {
		const runtime = isRuntime(item);
		if ((runtime && !withRuntime) || (!runtime && !withBoard)) continue;
		const copy = cloneForPlace(item);
		if (runtime) stampRuntime(copy, item.instance);
		staged.push({ item, copy });
	}
	return staged;
}

function installStaged(deps: WriterDeps, staged: { item: KitItem; copy: Instance }[]) {
	for (const { item, copy } of staged) {
		const container = findContainer(deps.place, item, true)!;
		swapIn(container, copy, container.FindFirstChild(item.instance.Name));
	}
}

export function writeModel(
	deps: WriterDeps,
	modules: ArtifactModule[],
	options: WriteOptions = {},
): Result<WriteReport> {
	if (modules.size() === 0) return fail(pluginError("write_failed", "The artifact has no modules."));
	const runtime = placeRuntime(deps);
	const state = runtime.state.state;
	let install = state === "absent" || state === "shipped";
	if (state === "edited") {
		if ((options.runtime ?? "ask") === "ask") return fail(editedRuntime(runtime.state.version));
		install = options.runtime === "replace";
	}
	if ((install || options.board === true) && deps.kit === undefined) {
		return fail(
			pluginError(
				"write_failed",
				"This plugin build carries no place kit, so it cannot add the DigitLab runtime. Reinstall the plugin from `npm run build`.",
			),
		);
	}

	return recorded(deps, RECORDING_NAME, "Write DigitLab model", () => {
		const model = stageModel(modules);
		if (!model.ok) return fail<WriteReport>(model.error);
		const kitParts = stageKit(deps, install, options.board === true);
		const runtimeCopy = kitParts.find(({ item }) => isRuntime(item))?.copy;
		const checkWith = runtimeCopy ?? runtime.module;
		if (checkWith === undefined)
			return fail<WriteReport>(
				pluginError("write_failed", "This place has no DigitLab runtime to check the model with."),
			);
		const verified = verifyModel(checkWith, model.value);
		if (!verified.ok) return fail<WriteReport>(verified.error);

		let replaced = false;
		const [swapped, err] = pcall(() => {
			installStaged(deps, kitParts);
			const digitLab = findContainer(deps.place, DIGITLAB_CONTAINER, true)!;
			const previous = digitLab.FindFirstChild(MODEL_NAME);
			replaced = previous !== undefined;
			swapIn(digitLab, model.value, previous);
		});
		if (!swapped) {
			const message = tostring(err);
			return fail<WriteReport>(
				isPermissionError(message)
					? scriptInjection(message)
					: pluginError("write_failed", `Could not put the model in the place: ${message}`),
			);
		}
		let chars = 0;
		for (const entry of modules) chars += entry.source.size();
		return ok<WriteReport>({
			modules: modules.size(),
			chars,
			selfCheckDiff: verified.value,
			replaced,
			runtime: !install ? "kept" : state === "absent" ? "installed" : "updated",
			board: options.board === true,
		});
	});
}

/** Adds (or updates) the drawing board, with the runtime when the place has none or an unedited older one. */
export function addBoard(deps: WriterDeps): Result<{ runtime: WriteReport["runtime"] }> {
	if (deps.kit === undefined) return fail(pluginError("write_failed", "This plugin build carries no place kit."));
	const state = placeRuntime(deps).state.state;
	const install = state === "absent" || state === "shipped";
	return recorded(deps, BOARD_RECORDING_NAME, "Add DigitLab drawing board", () => {
		const [done, err] = pcall(() => installStaged(deps, stageKit(deps, install, true)));
		if (!done) {
			const message = tostring(err);
			return fail(
				isPermissionError(message)
					? scriptInjection(message)
					: pluginError("write_failed", `Could not add the drawing board: ${message}`),
			);
		}
		return ok({
			runtime: !install ? ("kept" as const) : state === "absent" ? ("installed" as const) : ("updated" as const),
		});
	});
}
