/**
 * Which runtime a place has. The plugin recognises a runtime it may replace without asking in three ways:
 * its sources are this plugin's kit runtime (current); they still match the fingerprint stamped on the module
 * when a DigitLab plugin wrote it (`DigitLabSourceHash`, with `DigitLabVersion`); or their fingerprint is one of
 * SHIPPED_RUNTIMES (runtimes that came with DigitLab.rbxl builds, which carry no stamp). Anything else was edited
 * by the creator and is only replaced when they say so.
 */
import { DIGITLAB_VERSION } from "../generated/version";
import { contentHash } from "./content-hash";
import { SHIPPED_RUNTIMES } from "./shipped-runtimes";

export const VERSION_ATTRIBUTE = "DigitLabVersion";
export const HASH_ATTRIBUTE = "DigitLabSourceHash";

export type RuntimeState =
	| { state: "absent" }
	| { state: "current"; version: string }
	/** An unedited runtime of another DigitLab version: updated without asking. */
	| { state: "shipped"; version: string }
	/** Edited after DigitLab wrote it (`version` is what it started from, when known). */
	| { state: "edited"; version?: string };

const kitHashes = new Map<Instance, string>();

/** The kit's own runtime fingerprint (computed once per plugin session). */
export function kitRuntimeHash(kitRuntime: Instance): string {
	let hash = kitHashes.get(kitRuntime);
	if (hash === undefined) {
		hash = contentHash(kitRuntime);
		kitHashes.set(kitRuntime, hash);
	}
	return hash;
}

export function runtimeState(placeRuntime: Instance | undefined, kitRuntime: Instance | undefined): RuntimeState {
	if (placeRuntime === undefined) return { state: "absent" };
	const hash = contentHash(placeRuntime);
	if (kitRuntime !== undefined && hash === kitRuntimeHash(kitRuntime))
		return { state: "current", version: DIGITLAB_VERSION };
	const stamped = placeRuntime.GetAttribute(HASH_ATTRIBUTE);
	const stampedVersion = placeRuntime.GetAttribute(VERSION_ATTRIBUTE);
	const version = typeIs(stampedVersion, "string") ? stampedVersion : undefined;
	if (stamped === hash) return { state: "shipped", version: version ?? "an earlier version" };
	const known = SHIPPED_RUNTIMES[hash];
	if (known !== undefined) return { state: "shipped", version: known };
	return { state: "edited", version };
}

/** Marks a runtime copy as DigitLab's, so a later plugin can tell it from an edited one. */
export function stampRuntime(runtime: Instance, kitRuntime: Instance) {
	runtime.SetAttribute(VERSION_ATTRIBUTE, DIGITLAB_VERSION);
	runtime.SetAttribute(HASH_ATTRIBUTE, kitRuntimeHash(kitRuntime));
}

export function describeRuntime(runtime: RuntimeState): string {
	switch (runtime.state) {
		case "absent":
			return "no runtime yet (it comes with the first model)";
		case "current":
			return `runtime ${runtime.version}`;
		case "shipped":
			return `runtime ${runtime.version} (updated with the next model)`;
		case "edited":
			return `runtime edited in this place${runtime.version !== undefined ? ` (from ${runtime.version})` : ""}`;
	}
}
