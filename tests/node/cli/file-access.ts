/**
 * Which files a process touches, from an `strace -f -e trace=%file` log, and the ones it should not have:
 * anything in the repository, reads outside the allowed paths and the system's own folders, writes outside the
 * allowed paths and /dev.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Where a process may read without needing anything of ours: the loader, libc, /proc, /sys, /etc and friends. */
const SYSTEM_DIRS = ["/proc", "/sys", "/dev", "/etc", "/lib", "/lib64", "/usr", "/run"];
const WRITE_SYSCALLS =
	/^(mkdir|mkdirat|unlink|unlinkat|rmdir|rename|renameat|renameat2|link|linkat|symlink|symlinkat|chmod|fchmodat|truncate|utimensat|creat)$/;
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/;

export interface TraceCommand {
	command: string;
	args: string[];
	repoHidden: boolean;
}

const works = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;

/**
 * The command prefix that runs a program under strace, inside a mount namespace where `repo` is an empty tmpfs when
 * this process may make one (root with unshare); undefined without strace.
 */
export function traceArgs(repo: string, log: string): TraceCommand | undefined {
	const strace = ["-f", "-qq", "--seccomp-bpf", "-e", "trace=%file", "-o", log];
	if (!works("strace", ["-qq", "-o", "/dev/null", "true"])) return undefined;
	const canHide = process.getuid?.() === 0 && works("unshare", ["-m", "--propagation", "private", "true"]);
	if (!canHide) return { command: "strace", args: strace, repoHidden: false };
	const script = `mount -t tmpfs digitlab-hidden "$0" && exec strace ${strace.map((a) => `'${a}'`).join(" ")} "$@"`;
	return { command: "unshare", args: ["-m", "--propagation", "private", "sh", "-c", script, repo], repoHidden: true };
}

interface Access {
	syscall: string;
	file: string;
	write: boolean;
}

/** Looking at a folder's entry itself (realpath walks every parent of a path) reads nothing inside it. */
const METADATA_SYSCALLS = /^(readlink|readlinkat|stat|lstat|newfstatat|fstatat64|statx|access|faccessat|faccessat2)$/;

function parseLine(line: string, cwd: string): Access[] {
	const m = /^\d+\s+(\w+)\((.*)\)\s+=/.exec(line);
	if (m === null) return [];
	const [, syscall, args] = m as unknown as [string, string, string];
	const dirfdRelative = /^(AT_FDCWD|-100),/.test(args) || !/^\d+,/.test(args);
	if (syscall === "getcwd") return []; // its "argument" is the answer
	let quoted = [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => q[1]!).filter((p) => p.length > 0);
	if (syscall === "execve" || syscall === "execveat") quoted = quoted.slice(0, 1); // the rest is argv
	// readlink/readlinkat's second string is the link's content, not a path touched.
	if (syscall === "readlink" || syscall === "readlinkat") quoted = quoted.slice(0, 1);
	const write =
		WRITE_SYSCALLS.test(syscall) || ((syscall === "open" || syscall === "openat") && WRITE_FLAGS.test(args));
	return quoted
		.filter((p) => p.startsWith("/") || dirfdRelative)
		.map((p) => ({ syscall, file: path.resolve(cwd, p), write }));
}

const under = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith("/") ? dir : `${dir}/`);

/** Every access that breaks the rules above, as "syscall path" lines. */
export function fileAccessOutside(log: string, rules: { allowed: string[]; repo: string; cwd: string }): string[] {
	const bad = new Set<string>();
	for (const line of fs.readFileSync(log, "utf8").split("\n")) {
		for (const access of parseLine(line, rules.cwd)) {
			const ok =
				rules.allowed.some((a) => under(access.file, a)) ||
				(METADATA_SYSCALLS.test(access.syscall) && rules.allowed.some((a) => under(a, access.file)));
			if (under(access.file, rules.repo)) bad.add(`${access.syscall} ${access.file} (in the repository)`);
			else if (access.write && !ok && !under(access.file, "/dev"))
				bad.add(`${access.syscall} ${access.file} (write)`);
			else if (!ok && !SYSTEM_DIRS.some((dir) => under(access.file, dir)))
				bad.add(`${access.syscall} ${access.file}`);
		}
	}
	return [...bad].sort();
}
