/**
 * The version number, from package.json, for every Node-side part of DigitLab (training, bridge, command, build
 * scripts). It sits at the repository root, beside package.json, so that none of them imports another for it. The
 * plugin gets the same number through a module scripts/lib/roblox-build.ts generates.
 */
import { readFileSync } from "node:fs";

/** A bundled build (cli/packaging/bundle.ts) writes the version in at build time: it has no package.json beside it. */
declare const DIGITLAB_BUNDLED_VERSION: string | undefined;

/** True in a bundled build (the npm package, the single executable); false when running from source through tsx. */
export const BUNDLED = typeof DIGITLAB_BUNDLED_VERSION === "string";

/** The project's one version number (package.json), stamped into every exported model's manifest. */
export const DIGITLAB_VERSION: string =
	typeof DIGITLAB_BUNDLED_VERSION === "string"
		? DIGITLAB_BUNDLED_VERSION
		: (JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string }).version;
