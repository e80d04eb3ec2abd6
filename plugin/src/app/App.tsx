import Roact from "@rbxts/roact";

export interface AppProps {
	/** Called when the user presses Train; the session wires this to the bridge. */
	onTrain?: () => void;
	status?: string;
}

/** The dock widget's root: a status line and the Train button. */
export function App(props: AppProps) {
	const status = props.status ?? "Ready to train";
	return (
		<frame Size={new UDim2(1, 0, 1, 0)} BackgroundTransparency={1}>
			<uilistlayout Padding={new UDim(0, 8)} SortOrder={Enum.SortOrder.LayoutOrder} />
			<uipadding
				PaddingTop={new UDim(0, 8)}
				PaddingLeft={new UDim(0, 8)}
				PaddingRight={new UDim(0, 8)}
			/>
			<textlabel
				Key="Status"
				LayoutOrder={1}
				Size={new UDim2(1, 0, 0, 24)}
				BackgroundTransparency={1}
				TextXAlignment={Enum.TextXAlignment.Left}
				Text={status}
			/>
			<textbutton
				Key="TrainButton"
				LayoutOrder={2}
				Size={new UDim2(1, 0, 0, 32)}
				Text="Train"
				Event={{ Activated: () => props.onTrain?.() }}
			/>
		</frame>
	);
}
