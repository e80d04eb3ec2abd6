/** Picks the command from the arguments; each command module is loaded only when it runs (serve never loads TF.js). */
import { DIGITLAB_VERSION } from "../../version";
import { UsageError } from "./commands/usage-error";
import { MAIN_USAGE } from "./usage";

const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
	serve: async () => (await import("./commands/serve")).serve,
	train: async () => (await import("./commands/train")).train,
	bake: async () => (await import("./commands/bake")).bake,
	"install-plugin": async () => (await import("./commands/install-plugin")).installPluginCommand,
};

/** Runs one command line and returns the exit code (2 for a usage error). */
export async function runCommand(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === "--version" || name === "-v" || name === "version") {
		console.log(DIGITLAB_VERSION);
		return 0;
	}
	if (name === undefined || name === "--help" || name === "-h" || name === "help") {
		if (name === "help" && rest[0] !== undefined && COMMANDS[rest[0]]) return runCommand([rest[0], "--help"]);
		console.log(MAIN_USAGE);
		return 0;
	}
	const load = COMMANDS[name];
	if (load === undefined) {
		console.error(`digitlab: unknown command "${name}"\n\n${MAIN_USAGE}`);
		return 2;
	}
	try {
		return await (
			await load()
		)(rest);
	} catch (err) {
		if (!(err instanceof UsageError)) throw err;
		console.error(`digitlab ${name}: ${err.message}\n\n${err.usage}`);
		return 2;
	}
}
