/**
 * Binds the pure controller to the screen: pointer input on the canvas (plus UserInputService so a drag that
 * leaves the canvas keeps drawing and still ends), buttons, the per-frame update and the model's status.
 * Every connection made here is kept in one list and dropped by `destroy()`.
 */
import { GRID, Canvas } from "shared/canvas";
import { Controller, Prediction } from "shared/controller";
import { findModel, ModelStatus } from "shared/model";
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
	/** Where the canvas is on screen; defaults to its AbsolutePosition/AbsoluteSize (tests inject one). */
	rect?: () => Rect;
	threshold?: number;
}

export interface App {
	screen: Screen;
	controller: Controller;
	status: ModelStatus;
	destroy: () => void;
}

const READY_TEXT = "Draw a digit, or a whole number";

function isPress(input: InputObject): boolean {
	return input.UserInputType === Enum.UserInputType.MouseButton1 || input.UserInputType === Enum.UserInputType.Touch;
}

function isMove(input: InputObject): boolean {
	return input.UserInputType === Enum.UserInputType.MouseMovement || input.UserInputType === Enum.UserInputType.Touch;
}

export function createApp(options: AppOptions): App {
	const screen = createScreen(options.parent);
	const controller = new Controller(new Canvas());
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

	const app: App = {
		screen,
		controller,
		status: { kind: "missing", message: "" },
		destroy: () => {
			for (const c of connections) c.Disconnect();
			screen.gui.Destroy();
		},
	};

	const loadModel = () => {
		app.status = findModel(options.root);
		if (app.status.kind === "ready") {
			controller.setModel(app.status.model);
			screen.predictions.setLabels(app.status.model.labels);
			screen.status.Text = READY_TEXT;
			controller.update(true);
		} else {
			controller.setModel(undefined);
			screen.status.Text = app.status.message;
		}
	};

	controller.onCells = (changed) => screen.canvas.paint(controller.canvas.pixels, changed);
	controller.onPrediction = (prediction: Prediction) => {
		screen.predictions.show(prediction);
		if (screen.insetHolder.Visible) {
			const digit = prediction.digits[prediction.focus];
			screen.inset.paintAll(digit ? digit.input : new Array<number>(GRID * GRID, 0));
		}
	};

	// --- pointer input -------------------------------------------------------------------------------------
	let active: InputObject | undefined;
	let lastX = -1;
	let lastY = -1;
	const toCell = (position: Vector3): LuaTuple<[number, number]> => {
		const r = rect();
		return $tuple(((position.X - r.x) / r.w) * GRID, ((position.Y - r.y) / r.h) * GRID);
	};
	const sameStroke = (input: InputObject) =>
		active !== undefined &&
		(active.UserInputType === Enum.UserInputType.Touch
			? input === active
			: input.UserInputType !== Enum.UserInputType.Touch);

	connections.push(
		canvasFrame.InputBegan.Connect((input) => {
			if (!isPress(input) || active) return;
			active = input;
			lastX = input.Position.X;
			lastY = input.Position.Y;
			const [x, y] = toCell(input.Position);
			controller.begin(x, y);
		}),
	);
	// Roblox reports a move to both the canvas and UserInputService; the position check drops the echo.
	const onMove = (input: InputObject) => {
		if (!isMove(input) || !sameStroke(input)) return;
		if (input.Position.X === lastX && input.Position.Y === lastY) return;
		lastX = input.Position.X;
		lastY = input.Position.Y;
		const [x, y] = toCell(input.Position);
		controller.move(x, y);
	};
	const onEnd = (input: InputObject) => {
		if (!isPress(input) || !sameStroke(input)) return;
		active = undefined;
		controller.finish();
	};
	connections.push(canvasFrame.InputChanged.Connect(onMove));
	connections.push(options.userInput.InputChanged.Connect(onMove));
	connections.push(canvasFrame.InputEnded.Connect(onEnd));
	connections.push(options.userInput.InputEnded.Connect(onEnd));

	// --- buttons and frames ----------------------------------------------------------------------------------
	const b = screen.buttons;
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
			screen.insetHolder.Visible = !screen.insetHolder.Visible;
			b.inset.Text = screen.insetHolder.Visible ? "Hide view" : "Model view";
			if (screen.insetHolder.Visible) controller.update(true);
		}),
	);
	connections.push(options.runService.RenderStepped.Connect(() => controller.update()));
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
