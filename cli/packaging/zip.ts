/**
 * Writes a zip archive of one file (the release archives Rokit downloads hold just the executable). The entry
 * records Unix permissions (made by "Unix"), so `unzip` and Rokit see an executable on Linux and macOS.
 * Format: PKWARE APPNOTE 6.3, sections 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (end record).
 */
import fs from "node:fs";
import { deflateRawSync } from "node:zlib";

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(data: Uint8Array): number {
	let c = 0xffffffff;
	for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time, as zip stores them. */
function dosDateTime(date: Date): { time: number; day: number } {
	return {
		time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
		day: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
	};
}

export function writeZip(zipFile: string, entryName: string, data: Buffer, mode = 0o755, date = new Date()): void {
	const name = Buffer.from(entryName, "utf8");
	const deflated = deflateRawSync(data, { level: 9 });
	const crc = crc32(data);
	const { time, day } = dosDateTime(date);
	if (deflated.length >= 0xffffffff || data.length >= 0xffffffff)
		throw new Error(`${entryName} is too large for a zip without ZIP64`);

	const local = Buffer.alloc(30);
	local.writeUInt32LE(0x04034b50, 0);
	local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
	local.writeUInt16LE(0x0800, 6); // UTF-8 name
	local.writeUInt16LE(8, 8); // deflate
	local.writeUInt16LE(time, 10);
	local.writeUInt16LE(day, 12);
	local.writeUInt32LE(crc, 14);
	local.writeUInt32LE(deflated.length, 18);
	local.writeUInt32LE(data.length, 22);
	local.writeUInt16LE(name.length, 26);
	local.writeUInt16LE(0, 28);

	const central = Buffer.alloc(46);
	central.writeUInt32LE(0x02014b50, 0);
	central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes carry permissions
	central.writeUInt16LE(20, 6);
	central.writeUInt16LE(0x0800, 8);
	central.writeUInt16LE(8, 10);
	central.writeUInt16LE(time, 12);
	central.writeUInt16LE(day, 14);
	central.writeUInt32LE(crc, 16);
	central.writeUInt32LE(deflated.length, 20);
	central.writeUInt32LE(data.length, 24);
	central.writeUInt16LE(name.length, 28);
	central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // regular file with `mode`
	central.writeUInt32LE(0, 42); // offset of the local header

	const centralOffset = local.length + name.length + deflated.length;
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(1, 8);
	end.writeUInt16LE(1, 10);
	end.writeUInt32LE(central.length + name.length, 12);
	end.writeUInt32LE(centralOffset, 16);

	fs.writeFileSync(zipFile, Buffer.concat([local, name, deflated, central, name, end]));
}
