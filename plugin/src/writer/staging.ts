/**
 * The writer's building blocks: the model Folder built off-tree, its check with a runtime, and the swap that
 * puts a new child in a container and takes the old one out (unparented, not destroyed, so undo can bring it
 * back). Source writes are where a missing script-injection permission shows up.
 */
import { fail, ok, Result } from "../bridge-client";
import { pluginError, scriptInjection } from "../errors";
import { MODEL_NAME } from "../kit/place-kit";
import { ArtifactModule } from "../protocol";

interface LoadedModel {
	selfCheck(): LuaTuple<[boolean, number]>;
}
export interface RuntimeLike {
	tryLoad(this: void, folder: Instance): LuaTuple<[boolean, LoadedModel | string]>;
}

const MODULE_NAME = "^[%w_]+$";

/**
 * Studio raises a string when a plugin lacks a permission; the exact wording is only known in Studio, so match
 * the words it is likely to contain (only Studio can confirm them).
 */
export const isPermissionError = (message: string) => {
	const lower = message.lower();
	return (
		lower.find("permission")[0] !== undefined ||
		lower.find("inject")[0] !== undefined ||
		lower.find("lacking capability")[0] !== undefined
	);
};

export function stageModel(modules: ArtifactModule[]): Result<Folder> {
	const folder = new Instance("Folder");
	folder.Name = MODEL_NAME;
	for (const entry of modules) {
		if (entry.name.match(MODULE_NAME)[0] === undefined) {
			folder.Destroy();
			return fail(
				pluginError("write_failed", `The artifact has a module with an unusable name: "${entry.name}".`),
			);
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

/**
 * Loads the new model with `runtime` and runs its golden self-check. The runtime is required through a fresh
 * copy: a plugin's require caches a module's first result, so an edited runtime would otherwise be stale.
 */
export function verifyModel(runtime: Instance, folder: Folder): Result<number> {
	const [required, loaded] = pcall(() => {
		if (!runtime.IsA("ModuleScript"))
			throw `${runtime.GetFullName()} is a ${runtime.ClassName}, not a ModuleScript`;
		return require(runtime.Clone() as ModuleScript) as RuntimeLike;
	});
	if (!required) {
		return fail(
			pluginError(
				"write_failed",
				`The place's DigitLab runtime did not load, so nothing was changed: ${tostring(loaded)}`,
			),
		);
	}
	const [called, outcome] = pcall(() => {
		const [isLoaded, value] = (loaded as RuntimeLike).tryLoad(folder);
		return { isLoaded, value };
	});
	if (!called || !outcome.isLoaded || typeIs(outcome.value, "string") || outcome.value === undefined) {
		const reason = !called ? tostring(outcome) : tostring(outcome.value);
		return fail(
			pluginError("write_failed", `The new model did not load, so the old one was kept. ${reason}`, reason),
		);
	}
	const model = outcome.value as LoadedModel;
	const [checked, check] = pcall(() => {
		const [passed, diff] = model.selfCheck();
		return { passed, diff };
	});
	if (!checked)
		return fail(
			pluginError(
				"write_failed",
				`The new model's self-check crashed, so the old one was kept: ${tostring(check)}`,
			),
		);
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

/** The new child goes in first, then the old one leaves. */
export function swapIn(container: Instance, child: Instance, previous: Instance | undefined) {
	child.Parent = container;
	if (previous !== undefined && previous !== child) previous.Parent = undefined;
}
