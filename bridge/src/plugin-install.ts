/** Where Studio looks for local plugins, and copying the built plugin there. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function studioPluginsDir(
	platform = process.platform,
	env: NodeJS.ProcessEnv = process.env,
	home = os.homedir(),
): string | null {
	if (platform === "win32") return env.LOCALAPPDATA ? path.win32.join(env.LOCALAPPDATA, "Roblox", "Plugins") : null;
	if (platform === "darwin") return path.posix.join(home, "Documents", "Roblox", "Plugins");
	return null; // Studio does not run on Linux.
}

export type InstallResult = { installed: true; target: string } | { installed: false; reason: string };

/** The plugin file: a path, or its name and contents (the single executable carries it inside itself). */
export type PluginSource = string | { name: string; bytes(): Uint8Array };

/** Copies only into a plugins folder that already exists: its absence means Studio is not installed here. */
export function installPlugin(plugin: PluginSource, dir = studioPluginsDir()): InstallResult {
	if (!dir)
		return {
			installed: false,
			reason: "Roblox Studio runs on Windows and macOS only; copy the plugin to that machine.",
		};
	if (!fs.existsSync(dir))
		return {
			installed: false,
			reason: `No Studio plugins folder at ${dir}. Open Studio once, or use Plugins → Plugins Folder.`,
		};
	const target = path.join(dir, typeof plugin === "string" ? path.basename(plugin) : plugin.name);
	const temp = `${target}.tmp-${process.pid}`;
	if (typeof plugin === "string") fs.copyFileSync(plugin, temp);
	else fs.writeFileSync(temp, plugin.bytes());
	fs.renameSync(temp, target);
	return { installed: true, target };
}
