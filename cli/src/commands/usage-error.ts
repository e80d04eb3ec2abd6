/** Bad command-line input: the message says what was wrong, and the command's usage follows it (exit code 2). */
export class UsageError extends Error {
	constructor(
		message: string,
		readonly usage: string,
	) {
		super(message);
		this.name = "UsageError";
	}
}
