/** Puts a trained model's modules into a place file through Lune, then checks the result like a play-test would. */
import path from "node:path";
import { REPO_ROOT, runLune } from "./lune-launcher";

export function bakePlace(placeIn: string, modulesDir: string, placeOut = placeIn) {
	const code = runLune([
		"run",
		path.join(REPO_ROOT, "scripts", "bake.luau"),
		path.resolve(placeIn),
		path.resolve(modulesDir),
		path.resolve(placeOut),
	]);
	if (code !== 0) throw new Error(`baking the model into ${placeOut} failed (Lune exit ${code})`);
}

/**
 * Loads the place under Lune with its own runtime, checks the golden vectors, classifies the 10,000 MNIST test
 * digits and, given the training summary's accuracy, fails unless the place reproduces it exactly.
 */
export function verifyPlace(placeFile: string, expectedAccuracy?: number) {
	const args = ["run", path.join(REPO_ROOT, "scripts", "verify-place.luau"), path.resolve(placeFile)];
	if (expectedAccuracy !== undefined) args.push(String(expectedAccuracy));
	// The Luau helpers read MNIST relative to the repository root.
	const code = runLune(args, process.env, REPO_ROOT);
	if (code !== 0) throw new Error(`${placeFile} does not reproduce the trained model's accuracy (Lune exit ${code})`);
}
