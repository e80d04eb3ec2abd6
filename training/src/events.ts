import { z } from "zod";
import { TrainingConfigSchema } from "./config";

export const StartedEventSchema = z.object({
	type: z.literal("started"),
	backend: z.string(),
	backendNotes: z.array(z.string()),
	config: TrainingConfigSchema,
	trainSize: z.number().int(),
	valSize: z.number().int(),
	testSize: z.number().int(),
	/** Worker threads training in parallel (absent in events of older versions and for `model.fit`). */
	workers: z.number().int().optional(),
	/** What computes the steps, e.g. "2 worker threads, DigitLab wasm SIMD kernels (MLP)". */
	engine: z.string().optional(),
});
export const BatchEventSchema = z.object({
	type: z.literal("batch"),
	epoch: z.number().int(),
	epochs: z.number().int(),
	batch: z.number().int(),
	batches: z.number().int(),
	loss: z.number(),
	accuracy: z.number(),
});
export const EpochEventSchema = z.object({
	type: z.literal("epoch"),
	epoch: z.number().int(),
	epochs: z.number().int(),
	loss: z.number(),
	accuracy: z.number(),
	valLoss: z.number(),
	valAccuracy: z.number(),
	seconds: z.number(),
	etaSeconds: z.number(),
});
export const EvaluatedEventSchema = z.object({
	type: z.literal("evaluated"),
	testAccuracy: z.number(),
	perClass: z.array(z.number()),
	confusion: z.array(z.array(z.number().int())),
});
export const ExportedEventSchema = z.object({
	type: z.literal("exported"),
	modules: z.number().int(),
	chars: z.number().int(),
	bytes: z.number().int(),
});

export const TrainingEventSchema = z.discriminatedUnion("type", [
	StartedEventSchema,
	BatchEventSchema,
	EpochEventSchema,
	EvaluatedEventSchema,
	ExportedEventSchema,
]);
export type TrainingEvent = z.infer<typeof TrainingEventSchema>;
export type StartedEvent = z.infer<typeof StartedEventSchema>;
export type BatchEvent = z.infer<typeof BatchEventSchema>;
export type EpochEvent = z.infer<typeof EpochEventSchema>;
export type EvaluatedEvent = z.infer<typeof EvaluatedEventSchema>;
export type ExportedEvent = z.infer<typeof ExportedEventSchema>;
