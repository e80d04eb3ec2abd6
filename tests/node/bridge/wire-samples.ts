/**
 * Sample JSON for a zod schema, made from its JSON Schema (zod's own `z.toJSONSchema`): every property, optional ones
 * included, with a value that differs from field to field, so a client that reads a field under the wrong name (or
 * reads the right name from the wrong field) cannot pass by luck. Nullable fields get their non-null value.
 */
import { z } from "zod";

type JsonSchema = {
	type?: string | string[];
	const?: unknown;
	enum?: unknown[];
	format?: string;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	minItems?: number;
	maxItems?: number;
	items?: JsonSchema;
	properties?: Record<string, JsonSchema>;
	anyOf?: JsonSchema[];
	allOf?: JsonSchema[];
};

export const SAMPLE_UUID = "3f2b8c4e-9a1d-4e6f-8b2a-5c7d9e0f1a2b";
export const SAMPLE_TIME = "2026-01-02T03:04:05.678Z";

/** `adjust` brings the sample within limits a JSON Schema cannot state (a refinement's caps) before it is checked. */
export function sampleOf(schema: z.ZodType, adjust?: (sample: Record<string, unknown>) => void): unknown {
	let counter = 0;
	// The next value of a number field: distinct across fields, inside the field's bounds.
	const number = (s: JsonSchema, integer: boolean): number => {
		counter += 1;
		// zod's int() states ±MAX_SAFE_INTEGER as bounds: those are no bounds for a sample.
		const stated = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
		const low = stated !== undefined && stated > -Number.MAX_SAFE_INTEGER ? stated : undefined;
		const high = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
		if (low !== undefined && high !== undefined) {
			const value = low + ((counter * 0.137) % 1) * (high - low);
			return integer ? Math.max(low, Math.min(high, Math.round(value))) : Number(value.toPrecision(6));
		}
		const value = (low ?? 0) + counter;
		return integer ? value : value + 0.25;
	};
	const walk = (s: JsonSchema, name: string): unknown => {
		if (s.const !== undefined) return s.const;
		if (s.enum !== undefined) return s.enum[counter++ % s.enum.length];
		if (s.anyOf !== undefined) return walk(s.anyOf.find((branch) => branch.type !== "null") ?? s.anyOf[0], name);
		if (s.allOf !== undefined) return Object.assign({}, ...s.allOf.map((part) => walk(part, name)));
		const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
		switch (type) {
			case "object": {
				const out: Record<string, unknown> = {};
				for (const [key, property] of Object.entries(s.properties ?? {})) out[key] = walk(property, key);
				return out;
			}
			case "array": {
				const length = Math.max(s.minItems ?? 0, Math.min(2, s.maxItems ?? 2));
				return Array.from({ length }, () => walk(s.items ?? {}, name));
			}
			case "string":
				if (s.format === "uuid") return SAMPLE_UUID;
				if (s.format === "date-time") return SAMPLE_TIME;
				counter += 1;
				return `${name}-${counter}`;
			case "integer":
				return number(s, true);
			case "number":
				return number(s, false);
			case "boolean":
				counter += 1;
				return counter % 2 === 0;
			default:
				// z.unknown(): any JSON will do; a table keeps it visible to a Luau reader (null would vanish).
				return { sample: name };
		}
	};
	const sample = walk(z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema, "value");
	adjust?.(sample as Record<string, unknown>);
	return schema.parse(sample);
}
