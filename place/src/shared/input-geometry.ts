/**
 * The picture a DigitLab model reads, named once for the whole repository: MNIST's grey image, 28×28 pixels and one
 * channel, row-major height × width × channels, pixels in 0..1 with ink 1. The board renders each digit into it
 * (render.ts), training feeds MNIST to models of this shape (training/src/model.ts), the exporter writes it as a
 * model's `manifest.input` (training/src/export/exporter.ts) and the place refuses a model that reads anything else
 * (model.ts).
 *
 * Plain constants only: roblox-ts compiles this file into the place and Node imports it as TypeScript, so it uses
 * nothing that only one of them has.
 */
export const INPUT_SIDE = 28;
export const INPUT_CHANNELS = 1;
/** height, width, channels */
export const INPUT_SHAPE: readonly [number, number, number] = [INPUT_SIDE, INPUT_SIDE, INPUT_CHANNELS];
/** values in one picture */
export const INPUT_AREA = INPUT_SIDE * INPUT_SIDE * INPUT_CHANNELS;
