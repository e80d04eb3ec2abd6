/** A grid of Frames mirroring a pixel array (cols × rows, row-major); repaints only the cells it is told about. */
import { GRID } from "shared/canvas";

const PAPER = new Color3(0.06, 0.07, 0.09);
const INK = new Color3(1, 1, 1);

export function inkColor(value: number): Color3 {
	return PAPER.Lerp(INK, math.clamp(value, 0, 1));
}

export class CanvasView {
	readonly frame: Frame;
	cells: Frame[] = [];
	cols = 0;
	rows = 0;
	/** cell repaints since creation: what the "only touched cells repaint" check counts */
	repaints = 0;
	private shown: number[];
	private readonly aspect: UIAspectRatioConstraint;

	constructor(name: string, parent: Instance, cols = GRID, rows = GRID, border = true) {
		const frame = new Instance("Frame");
		frame.Name = name;
		frame.BackgroundColor3 = PAPER;
		frame.BorderSizePixel = 0;
		// Centred and held to the board's aspect, so it is never stretched nor cropped whatever box it gets.
		frame.AnchorPoint = new Vector2(0.5, 0.5);
		frame.Position = UDim2.fromScale(0.5, 0.5);
		frame.Size = UDim2.fromScale(1, 1);
		frame.ClipsDescendants = true;
		const aspect = new Instance("UIAspectRatioConstraint");
		aspect.Parent = frame;
		if (border) {
			const stroke = new Instance("UIStroke");
			stroke.Color = new Color3(0.35, 0.4, 0.5);
			stroke.Thickness = 2;
			stroke.Parent = frame;
		}
		this.frame = frame;
		this.aspect = aspect;
		this.shown = [];
		this.resize(cols, rows);
		frame.Parent = parent;
	}

	/**
	 * A blank grid of `cols` × `rows` cells in the same frame (so input bound to the frame stays bound), held to the
	 * new aspect. Cells are a slightly oversized scale grid so no hairline seams show between them at any size.
	 */
	resize(cols: number, rows: number) {
		for (const cell of this.cells) cell.Destroy();
		this.cells = [];
		this.cols = cols;
		this.rows = rows;
		this.aspect.AspectRatio = cols / rows;
		for (let r = 0; r < rows; r++) {
			for (let c = 0; c < cols; c++) {
				const cell = new Instance("Frame");
				cell.Name = `Cell${r * cols + c}`;
				cell.BorderSizePixel = 0;
				cell.BackgroundColor3 = PAPER;
				cell.Position = UDim2.fromScale(c / cols, r / rows);
				cell.Size = new UDim2(1 / cols, 1, 1 / rows, 1);
				cell.Active = false;
				cell.Parent = this.frame;
				this.cells.push(cell);
			}
		}
		this.shown = new Array<number>(cols * rows, 0);
	}

	paint(pixels: ReadonlyArray<number>, changed: ReadonlyArray<number>) {
		for (const index of changed) {
			this.cells[index].BackgroundColor3 = inkColor(pixels[index]);
			this.repaints++;
		}
	}

	/** Repaints from a whole new image, touching only cells whose value differs from what is shown. */
	paintAll(pixels: ReadonlyArray<number>) {
		for (let i = 0; i < this.cells.size(); i++) {
			if (this.shown[i] !== pixels[i]) {
				this.shown[i] = pixels[i];
				this.cells[i].BackgroundColor3 = inkColor(pixels[i]);
				this.repaints++;
			}
		}
	}
}
