import type { ITheme } from '@xterm/xterm';

// Close to GitHub's light and dark palettes, so ANSI colours stay readable on either background.
export const lightTheme: ITheme = {
  background: '#ffffff',
  foreground: '#1f2328',
  cursor: '#ffffff00',
  selectionBackground: '#0969da40',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

export const darkTheme: ITheme = {
  background: '#010409',
  foreground: '#e6edf3',
  cursor: '#00000000',
  selectionBackground: '#4493f860',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#6e7681',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#ffffff',
};

export const searchDecorations = {
  matchBackground: '#d4a72c',
  matchOverviewRuler: '#d4a72c',
  activeMatchBackground: '#fb8f44',
  activeMatchColorOverviewRuler: '#fb8f44',
};
