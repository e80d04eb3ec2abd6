/**
 * One view per session status, as Rojo's plugin does with its StatusPages: the status union in session/session.ts
 * is closed, so a new status without a view here is a compile error. Each returns the elements under the header.
 */
import Roact from "@rbxts/roact";
import { startCommands } from "../errors";
import { DIGITLAB_VERSION } from "../generated/version";
import { SessionState, Status } from "../session/session";
import { BRIDGE_FIELDS, bridgePort, SettingsDraft } from "../session/settings";
import { PlacePanel } from "./components/PlacePanel";
import { ProgressBar } from "./components/ProgressBar";
import { Results } from "./components/Results";
import { SettingsForm } from "./components/SettingsForm";
import { Button, CopyableText, Label, Row, Section } from "./components/widgets";
import { Theme } from "./theme";

export interface Actions {
	connect: () => void;
	train: () => void;
	cancel: () => void;
	retryWrite: () => void;
	confirmRuntime: (choice: "replace" | "keep") => void;
	addBoard: () => void;
	setAddBoard: (on: boolean) => void;
	updateSettings: (patch: Partial<SettingsDraft>) => void;
}

export interface ViewProps {
	state: SessionState;
	theme: Theme;
	actions: Actions;
}

const TITLES: Record<Status, string> = {
	disconnected: "Bridge not running",
	connecting: "Connecting…",
	idle: "Ready to train",
	training: "Training",
	writing: "Writing the model into the place",
	confirm: "Your runtime was edited",
	done: "Model written",
	error: "Something went wrong",
};

/** "Bridge not running" only once a connection failed; before that (or after a port change), "Not connected". */
export const statusTitle = (state: Pick<SessionState, "status" | "error">) =>
	state.status === "disconnected" && state.error === undefined ? "Not connected" : TITLES[state.status];

function Place(props: ViewProps & { order: number }) {
	return (
		<PlacePanel
			order={props.order}
			state={props.state}
			theme={props.theme}
			onAddBoard={props.actions.addBoard}
			onSetAddBoard={props.actions.setAddBoard}
		/>
	);
}

function Form(props: ViewProps & { order: number }) {
	return (
		<SettingsForm
			order={props.order}
			settings={props.state.settings}
			errors={props.state.settingsErrors}
			theme={props.theme}
			onChange={props.actions.updateSettings}
		/>
	);
}

/** The three ways to start the bridge, Rokit first (README: "Start the bridge"), each command selectable. */
function Disconnected(props: ViewProps) {
	const { theme, state } = props;
	const port = bridgePort(state.settings.port);
	const commands = startCommands(typeIs(port, "number") ? port : undefined);
	const message =
		state.error?.message ??
		`Not connected to the DigitLab bridge at ${state.url}. Start it in a terminal, one of these ways:`;
	return (
		<Section>
			<Label Key="Message" order={1} text={message} theme={theme} />
			<Label
				Key="RokitWay"
				order={2}
				text="With Rokit (as for Rojo and Lune): add the digitlab tool once, then serve"
				theme={theme}
				color={theme.dimText}
			/>
			<CopyableText Key="RokitAdd" order={3} text={commands.rokitAdd} theme={theme} />
			<CopyableText Key="Command" order={4} text={commands.rokit} theme={theme} />
			<Label Key="NpxWay" order={5} text="Or with Node.js 20 or newer:" theme={theme} color={theme.dimText} />
			<CopyableText Key="NpxCommand" order={6} text={commands.npx} theme={theme} />
			<Label
				Key="RepositoryWay"
				order={7}
				text="Or in a clone of the DigitLab repository:"
				theme={theme}
				color={theme.dimText}
			/>
			<CopyableText Key="RepositoryCommand" order={8} text={commands.repository} theme={theme} />
			<SettingsForm
				Key="Bridge"
				order={9}
				only={BRIDGE_FIELDS}
				settings={state.settings}
				errors={state.settingsErrors}
				theme={theme}
				onChange={props.actions.updateSettings}
			/>
			<Button
				Key="ConnectButton"
				order={10}
				text="Connect"
				primary
				theme={theme}
				onClick={props.actions.connect}
			/>
		</Section>
	);
}

function Connecting(props: ViewProps) {
	return <Label Key="Message" text={`Connecting to ${props.state.url}…`} theme={props.theme} />;
}

function Idle(props: ViewProps) {
	const info = props.state.info;
	return (
		<Section>
			<Label
				Key="Bridge"
				order={1}
				text={
					`Plugin ${DIGITLAB_VERSION}` + (info ? ` · bridge ${info.version} · backend ${info.backend}` : "")
				}
				theme={props.theme}
				color={props.theme.dimText}
			/>
			<Form {...props} order={2} />
			<Button
				Key="TrainButton"
				order={3}
				text="Train"
				primary
				theme={props.theme}
				onClick={props.actions.train}
			/>
			<Place {...props} order={4} />
		</Section>
	);
}

function Training(props: ViewProps) {
	const job = props.state.job!;
	return (
		<Section>
			<ProgressBar Key="Progress" order={1} progress={job.progress} theme={props.theme} />
			<Row Key="Buttons" order={2}>
				<Button
					Key="CancelButton"
					text={job.cancelling ? "Cancelling…" : "Cancel"}
					theme={props.theme}
					onClick={props.actions.cancel}
				/>
			</Row>
			<Results Key="Results" order={3} job={job} theme={props.theme} />
		</Section>
	);
}

function Writing(props: ViewProps) {
	return (
		<Section>
			<Label
				Key="Message"
				order={1}
				text="Building the new model folder, checking it with the place's runtime, then swapping it in…"
				theme={props.theme}
			/>
			{props.state.job ? (
				<Results Key="Results" order={2} job={props.state.job} theme={props.theme} />
			) : undefined}
		</Section>
	);
}

function Done(props: ViewProps) {
	const written = props.state.written!;
	const accuracy =
		written.testAccuracy !== undefined ? string.format(" · test accuracy %.2f%%", written.testAccuracy * 100) : "";
	return (
		<Section>
			<Label
				Key="Summary"
				order={1}
				text={`${written.name}: ${written.modules} modules in ReplicatedStorage.DigitLab.Model${accuracy}. Undo (Ctrl+Z) restores the previous model.`}
				theme={props.theme}
				color={props.theme.good}
			/>
			{props.state.job ? (
				<Results Key="Results" order={2} job={props.state.job} theme={props.theme} />
			) : undefined}
			<Form {...props} order={3} />
			<Button
				Key="TrainButton"
				order={4}
				text="Train again"
				primary
				width={120}
				theme={props.theme}
				onClick={props.actions.train}
			/>
			<Place {...props} order={5} />
		</Section>
	);
}

function Confirm(props: ViewProps) {
	const { theme, actions } = props;
	return (
		<Section>
			<Label Key="Message" order={1} text={props.state.error?.message ?? ""} theme={theme} />
			<Row Key="Buttons" order={2}>
				<Button
					Key="ReplaceButton"
					order={1}
					width={130}
					text="Replace runtime"
					primary
					theme={theme}
					onClick={() => actions.confirmRuntime("replace")}
				/>
				<Button
					Key="KeepButton"
					order={2}
					width={130}
					text="Keep mine"
					theme={theme}
					onClick={() => actions.confirmRuntime("keep")}
				/>
			</Row>
			<Place {...props} order={3} />
		</Section>
	);
}

function ErrorView(props: ViewProps) {
	const problem = props.state.error;
	const { theme, actions } = props;
	return (
		<Section>
			<Label
				Key="Message"
				order={1}
				text={problem?.message ?? "Unknown error"}
				theme={theme}
				color={theme.error}
			/>
			{problem?.detail !== undefined ? (
				<Label Key="Detail" order={2} text={problem.detail} theme={theme} color={theme.dimText} size={12} />
			) : undefined}
			<Row Key="Buttons" order={3}>
				<Button Key="ConnectButton" order={1} text="Connect" theme={theme} onClick={actions.connect} />
				{props.state.canRetryWrite ? (
					<Button
						Key="WriteButton"
						order={2}
						text="Write again"
						primary
						theme={theme}
						onClick={actions.retryWrite}
					/>
				) : undefined}
				{props.state.info !== undefined ? (
					<Button Key="TrainButton" order={3} text="Train" theme={theme} onClick={actions.train} />
				) : undefined}
			</Row>
			{props.state.job ? <Results Key="Results" order={4} job={props.state.job} theme={theme} /> : undefined}
			{props.state.info !== undefined ? <Form {...props} order={5} /> : undefined}
		</Section>
	);
}

export const VIEWS: Record<Status, (props: ViewProps) => Roact.Element> = {
	disconnected: Disconnected,
	connecting: Connecting,
	idle: Idle,
	training: Training,
	writing: Writing,
	confirm: Confirm,
	done: Done,
	error: ErrorView,
};
