import Roact from "@rbxts/roact";
import { describeRuntime } from "../../kit/runtime-version";
import { SessionState } from "../../session/session";
import { Theme } from "../theme";
import { Toggle } from "./SettingsForm";
import { Button, Label, Row, Section } from "./widgets";

const BOARD_TEXT = {
	absent: "no drawing board",
	current: "drawing board added",
	different: "a different drawing board (yours, or another version)",
};

/**
 * What DigitLab finds in the open place (runtime version, model, drawing board) and the explicit, undoable
 * ways to add the drawing board: now, or together with the next model.
 */
export function PlacePanel(props: {
	state: SessionState;
	theme: Theme;
	order?: number;
	onAddBoard: () => void;
	onSetAddBoard: (on: boolean) => void;
}) {
	const place = props.state.place;
	if (place === undefined)
		return (
			<Label
				Key="Place"
				order={props.order}
				text="This place: not inspected yet."
				theme={props.theme}
				color={props.theme.dimText}
			/>
		);
	const model = place.model !== undefined ? `model ${place.model}` : "no model yet";
	const summary = `This place: ${describeRuntime(place.runtime)} · ${model} · ${BOARD_TEXT[place.board]}`;
	return (
		<Section order={props.order}>
			<Label Key="Summary" order={1} text={summary} theme={props.theme} color={props.theme.dimText} />
			{place.board !== "current" ? (
				<Row Key="Board" order={2}>
					<Button
						Key="AddBoardButton"
						order={1}
						width={150}
						text={place.board === "absent" ? "Add drawing board" : "Replace drawing board"}
						theme={props.theme}
						onClick={props.onAddBoard}
					/>
					<Toggle
						Key="WithModel"
						order={2}
						text="…with the next model"
						on={props.state.addBoard}
						theme={props.theme}
						onClick={() => props.onSetAddBoard(!props.state.addBoard)}
					/>
				</Row>
			) : undefined}
		</Section>
	);
}
