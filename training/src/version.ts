import { readFileSync } from "node:fs";

/** The project's one version number (package.json), stamped into every exported model's manifest. */
export const DIGITLAB_VERSION: string = (
	JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
