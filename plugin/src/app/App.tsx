import Roact from "@rbxts/roact";
import { EventLog } from "./components/EventLog";
import { Label } from "./components/widgets";
import { statusTitle, ViewProps, VIEWS } from "./status-views";

/** The dock widget's root: a header with the status, that status's view, and the event log. Pure: props in, tree out. */
export function App(props: ViewProps) {
	const { state, theme } = props;
	const View = VIEWS[state.status];
	return (
		<scrollingframe
			Size={new UDim2(1, 0, 1, 0)}
			BackgroundColor3={theme.background}
			BorderSizePixel={0}
			CanvasSize={new UDim2(0, 0, 0, 0)}
			AutomaticCanvasSize={Enum.AutomaticSize.Y}
			ScrollBarThickness={6}
		>
			<uilistlayout Padding={new UDim(0, 8)} SortOrder={Enum.SortOrder.LayoutOrder} />
			<uipadding
				PaddingTop={new UDim(0, 8)}
				PaddingLeft={new UDim(0, 8)}
				PaddingRight={new UDim(0, 14)}
				PaddingBottom={new UDim(0, 8)}
			/>
			<Label Key="Status" order={1} bold size={17} text={statusTitle(state)} theme={theme} />
			<frame
				Key="View"
				LayoutOrder={2}
				Size={new UDim2(1, 0, 0, 0)}
				AutomaticSize={Enum.AutomaticSize.Y}
				BackgroundTransparency={1}
			>
				<View Key="Body" {...props} />
			</frame>
			<EventLog Key="Log" order={3} lines={state.log} theme={theme} />
		</scrollingframe>
	);
}
