/**
 * Binds the pure controller to the screen: pointer input on the board (pointer.ts), the layout for the player's
 * screen (layout-plan.ts), buttons, the per-frame update and the model's status.
 * Every connection made here is kept in one list and dropped by `destroy()`.
 */
import { BoardKind, BoardSize, Canvas, DEFAULT_PEN, DIGIT_BOARD, GRID, NUMBER_BOARD } from "shared/canvas";
import { Controller, Prediction } from "shared/controller";
import { INPUT_AREA } from "shared/input-geometry";
import { classLabels, findModel, ModelStatus } from "shared/model";
import { Viewport, planLayout } from "./layout-plan";
import { bindPointer } from "./pointer";
import { createScreen, Screen } from "./screen";

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface AppOptions {
	parent: Instance;
	/** ReplicatedStorage.DigitLab: holds Runtime and (once trained) Model */
	root: Instance | undefined;
	userInput: UserInputService;
	runService: RunService;
	/** MenuOpened ends a stroke whose release the menu swallows */
	guiService?: GuiService;
	/** Where the board is on screen; defaults to its AbsolutePosition/AbsoluteSize (tests inject one). */
	rect?: () => Rect;
	/** The screen to lay out for; defaults to the ScreenGui's AbsoluteSize and UserInputService.TouchEnabled. */
	viewport?: () => Viewport | undefined;
	threshold?: number;
	/** The board to start with; defaults to root's BoardKind attribute, else DEFAULT_BOARD. */
	board?: BoardKind;
}

export interface App {
	screen: Screen;
	controller: Controller;
	status: ModelStatus;
	/** lays the panel out again (the default viewport does so by itself when the screen changes size) */
	relayout: () => void;
	/** Switches to the other board (the BoardKind button does this): clears the ink and lays the panel out again. */
	setBoard: (kind: BoardKind) => void;
	destroy: () => void;
}

const READY_TEXT = "Draw a digit, or a whole number";
/**
 * The ready-made place starts on the number board: players asked for numbers, and each digit is drawn again at
 * MNIST's geometry, so a single digit reads the same on either board (figures in docs/players-devices.md).
 */
export const DEFAULT_BOARD: BoardKind = "number";
const BOARDS: Record<BoardKind, BoardSize> = { number: NUMBER_BOARD, digit: DIGIT_BOARD };
/**
 * Seconds of model work per frame. An MLP's reading takes a fraction of it; a CNN's pass over a digit whose box
 * moved takes longer and goes on over the next frames (docs/players-devices.md has the figures).
 */
export const FRAME_BUDGET = 0.002;
/** What the BoardKind button says: the board it switches to. */
const SWITCH_TEXT: Record<BoardKind, string> = { number: "Digit", digit: "Number" };

/**
 * A creator's choice without code: ReplicatedStorage.DigitLab's `BoardKind` attribute, "number" or "digit". Unset
 * gives the default; anything else gives the default too, with a warning that says what to write.
 */
export function boardKind(value: unknown): BoardKind {
	if (value === "number" || value === "digit") return value;
	if (value !== undefined) {
		warn(
			`DigitLab: BoardKind is ${tostring(value)}; set it to "number" or "digit". Using the ${DEFAULT_BOARD} board.`,
		);
	}
	return DEFAULT_BOARD;
}
/** Until the engine reports the ScreenGui's size: a small desktop window. */
const FALLBACK_VIEWPORT: Viewport = { width: 1280, height: 662, touch: false };

/** The board's size in cells, from the canvas (a number board is wider than tall); 28×28 when it does not say. */
export function boardCells(canvas: object): { cols: number; rows: number } {
	const size = canvas as { width?: unknown; height?: unknown };
	return {
		cols: typeIs(size.width, "number") ? size.width : GRID,
		rows: typeIs(size.height, "number") ? size.height : GRID,
	};
}

function screenViewport(gui: ScreenGui, userInput: UserInputService): Viewport | undefined {
	const [ok, viewport] = pcall(() => ({
		width: gui.AbsoluteSize.X,
		height: gui.AbsoluteSize.Y,
		touch: userInput.TouchEnabled,
	}));
	return ok && viewport.width > 0 && viewport.height > 0 ? viewport : undefined;
}

/**
 * PreRender where the engine has it (RenderStepped's successor); the frame waits for its handlers, which is why a
 * frame without new ink must cost nothing.
 */
function frameSignal(runService: RunService): RBXScriptSignal {
	const [ok, signal] = pcall(() => runService.PreRender);
	return ok && signal !== undefined ? signal : runService.RenderStepped;
}

export function createApp(options: AppOptions): App {
	const initial = BOARDS[options.board ?? boardKind(options.root?.GetAttribute("BoardKind"))];
	const controller = new Controller(new Canvas(DEFAULT_PEN, initial));
	controller.frameBudget = FRAME_BUDGET;
	const screen = createScreen(options.parent, initial.width, initial.height);
	const connections = new Array<RBXScriptConnection>();
	const canvasFrame = screen.canvas.frame;
	const rect =
		options.rect ??
		(() => ({
			x: canvasFrame.AbsolutePosition.X,
			y: canvasFrame.AbsolutePosition.Y,
			w: canvasFrame.AbsoluteSize.X,
			h: canvasFrame.AbsoluteSize.Y,
		}));
	const threshold = options.threshold ?? options.root?.GetAttribute("ConfidenceThreshold");
	if (typeIs(threshold, "number")) controller.threshold = threshold;

	const viewport = options.viewport ?? (() => screenViewport(screen.gui, options.userInput));
	const relayout = () => {
		const { cols, rows } = boardCells(controller.canvas);
		screen.applyPlan(planLayout(viewport() ?? FALLBACK_VIEWPORT, cols / rows));
	};
	relayout();
	if (!options.viewport) connections.push(screen.gui.GetPropertyChangedSignal("AbsoluteSize").Connect(relayout));

	const app: App = {
		screen,
		controller,
		status: { kind: "missing", message: "" },
		relayout,
		setBoard: () => undefined, // set below, once the pointer and the buttons exist
		destroy: () => {
			for (const c of connections) c.Disconnect();
			screen.gui.Destroy();
		},
	};

	const paintInset = (prediction: Prediction | undefined) => {
		if (!screen.insetHolder.Visible) return;
		const digit = prediction?.digits[prediction.focus];
		screen.inset.paintAll(digit ? digit.input : new Array<number>(INPUT_AREA, 0));
	};
	const loadModel = () => {
		app.status = findModel(options.root);
		if (app.status.kind === "ready") {
			controller.setModel(app.status.model);
			screen.predictions.setLabels(classLabels(app.status.model));
			screen.setMessage(READY_TEXT);
			controller.update(true);
		} else {
			controller.setModel(undefined);
			screen.setMessage(app.status.message, true);
		}
	};
	let shown: Prediction | undefined;
	controller.onPrediction = (prediction: Prediction) => {
		shown = prediction;
		screen.predictions.show(prediction);
		if (app.status.kind === "ready") screen.setMessage(prediction.digits.size() > 0 ? undefined : READY_TEXT);
		paintInset(prediction);
	};

	// --- pointer input and the frame loop ---------------------------------------------------------------------
	const pointer = bindPointer({
		board: canvasFrame,
		userInput: options.userInput,
		guiService: options.guiService,
		sink: controller,
		toBoard: (position) => {
			const r = rect();
			const canvas = controller.canvas;
			return [((position.X - r.x) / r.w) * canvas.width, ((position.Y - r.y) / r.h) * canvas.height];
		},
	});
	for (const c of pointer.connections) connections.push(c);
	// Only a frame with new ink (or a reading still being computed) does work: the controller recomputes and the
	// grid repaints there, nowhere else.
	let inked = false;
	controller.onCells = (changed) => {
		screen.canvas.paint(controller.canvas.pixels, changed);
		inked = true;
	};
	connections.push(
		frameSignal(options.runService).Connect(() => {
			pointer.poll();
			if (!inked && !controller.busy()) return;
			inked = false;
			controller.update();
		}),
	);

	// --- buttons --------------------------------------------------------------------------------------------
	const b = screen.buttons;
	b.board.Text = SWITCH_TEXT[initial.kind];
	app.setBoard = (kind) => {
		const size = BOARDS[kind];
		pointer.drop();
		controller.setBoard(size);
		screen.canvas.resize(size.width, size.height);
		b.board.Text = SWITCH_TEXT[kind];
		relayout();
	};
	connections.push(
		b.board.Activated.Connect(() => app.setBoard(controller.canvas.kind === "number" ? "digit" : "number")),
	);
	connections.push(b.clear.Activated.Connect(() => controller.clear()));
	connections.push(b.undo.Activated.Connect(() => controller.undo()));
	connections.push(
		b.eraser.Activated.Connect(() => {
			controller.mode = controller.mode === "draw" ? "erase" : "draw";
			b.eraser.Text = controller.mode === "erase" ? "Pen" : "Eraser";
		}),
	);
	connections.push(
		b.inset.Activated.Connect(() => {
			screen.setInsetShown(!screen.insetShown);
			paintInset(shown);
		}),
	);
	connections.push(
		b.toggle.Activated.Connect(() => {
			if (screen.shown) pointer.drop();
			screen.setShown(!screen.shown);
		}),
	);
	if (options.root) {
		connections.push(
			options.root.ChildAdded.Connect((child) => {
				if (child.Name === "Model") loadModel();
			}),
		);
	}

	loadModel();
	return app;
}
