/**
 * VS Code's default themes as a webview sees them: the `--vscode-*` variables the workbench sets
 * on the webview's `<html>` and the classes and data attributes it puts on `<body>`.
 *
 * Values are those of Dark Modern, Light Modern and Dark High Contrast (the theme JSON files in
 * extensions/theme-defaults, falling back to the color registry's defaults for the theme kind).
 * A color the theme leaves unset (null in the registry, e.g. button.background in high contrast)
 * gets no variable at all, exactly as in VS Code, so the panel's and the toolkit's fallbacks run.
 */

/** The themes the panel tests can open with. */
export type ThemeName = 'light' | 'dark' | 'highContrast';

export interface Theme {
  /** The body class and `data-vscode-theme-kind` VS Code gives a webview. */
  readonly kind: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';
  /** `data-vscode-theme-name`, the theme's label in the picker. */
  readonly name: string;
  /** Theme colors by their id, as in a theme's `colors` (the variable is `--vscode-` + id with `.` as `-`). */
  readonly colors: Readonly<Record<string, string>>;
}

/** Font variables VS Code sets on Linux with the default settings. */
const FONTS: Readonly<Record<string, string>> = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '14px',
  'editor-font-weight': 'normal',
};

const DARK_MODERN: Theme = {
  kind: 'vscode-dark',
  name: 'Default Dark Modern',
  colors: {
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    errorForeground: '#f85149',
    focusBorder: '#0078d4',
    'sideBar.background': '#181818',
    'panel.background': '#181818',
    'editor.background': '#1f1f1f',
    'editor.foreground': '#cccccc',
    'input.background': '#313131',
    'input.foreground': '#cccccc',
    'input.border': '#3c3c3c',
    'input.placeholderForeground': '#989898',
    'button.background': '#0078d4',
    'button.foreground': '#ffffff',
    'button.border': '#ffffff12',
    'button.hoverBackground': '#026ec1',
    'button.secondaryBackground': '#313131',
    'button.secondaryForeground': '#cccccc',
    'button.secondaryHoverBackground': '#3c3c3c',
    'textLink.foreground': '#4daafc',
    'textLink.activeForeground': '#4daafc',
    'textCodeBlock.background': '#2b2b2b',
    'textPreformat.foreground': '#d0d0d0',
    'textPreformat.background': '#3c3c3c',
    'textBlockQuote.background': '#2b2b2b',
    'textBlockQuote.border': '#616161',
    'inputValidation.errorBackground': '#5a1d1d',
    'inputValidation.errorBorder': '#be1100',
    'inputValidation.warningBackground': '#352a05',
    'inputValidation.warningBorder': '#b89500',
    'editorWarning.foreground': '#cca700',
    'badge.background': '#616161',
    'badge.foreground': '#f8f8f8',
    'panel.border': '#2b2b2b',
    'widget.border': '#313131',
    'widget.shadow': '#0000005c',
    'progressBar.background': '#0078d4',
    'debugTokenExpression.string': '#ce9178',
    'debugTokenExpression.number': '#b5cea8',
    'debugTokenExpression.boolean': '#4e94ce',
  },
};

const LIGHT_MODERN: Theme = {
  kind: 'vscode-light',
  name: 'Default Light Modern',
  colors: {
    foreground: '#3b3b3b',
    descriptionForeground: '#3b3b3b',
    errorForeground: '#f85149',
    focusBorder: '#005fb8',
    'sideBar.background': '#f8f8f8',
    'panel.background': '#f8f8f8',
    'editor.background': '#ffffff',
    'editor.foreground': '#3b3b3b',
    'input.background': '#ffffff',
    'input.foreground': '#3b3b3b',
    'input.border': '#cecece',
    'input.placeholderForeground': '#767676',
    'button.background': '#005fb8',
    'button.foreground': '#ffffff',
    'button.border': '#0000001a',
    'button.hoverBackground': '#0258a8',
    'button.secondaryBackground': '#e5e5e5',
    'button.secondaryForeground': '#3b3b3b',
    'button.secondaryHoverBackground': '#cccccc',
    'textLink.foreground': '#005fb8',
    'textLink.activeForeground': '#005fb8',
    'textCodeBlock.background': '#f8f8f8',
    'textPreformat.foreground': '#3b3b3b',
    'textPreformat.background': '#0000001f',
    'textBlockQuote.background': '#f8f8f8',
    'textBlockQuote.border': '#e5e5e5',
    'inputValidation.errorBackground': '#f2dede',
    'inputValidation.errorBorder': '#be1100',
    'inputValidation.warningBackground': '#f6f5d2',
    'inputValidation.warningBorder': '#b89500',
    'editorWarning.foreground': '#bf8803',
    'badge.background': '#cccccc',
    'badge.foreground': '#3b3b3b',
    'panel.border': '#e5e5e5',
    'widget.border': '#e5e5e5',
    'widget.shadow': '#00000029',
    'progressBar.background': '#005fb8',
    'debugTokenExpression.string': '#a31515',
    'debugTokenExpression.number': '#098658',
    'debugTokenExpression.boolean': '#0000ff',
  },
};

/** Dark High Contrast sets almost nothing itself: these are the registry's `hcDark` defaults. */
const HIGH_CONTRAST: Theme = {
  kind: 'vscode-high-contrast',
  name: 'Default High Contrast',
  colors: {
    foreground: '#ffffff',
    descriptionForeground: '#ffffffb3',
    errorForeground: '#f48771',
    focusBorder: '#f38518',
    contrastBorder: '#6fc3df',
    contrastActiveBorder: '#f38518',
    'sideBar.background': '#000000',
    'panel.background': '#000000',
    'editor.background': '#000000',
    'editor.foreground': '#ffffff',
    'input.background': '#000000',
    'input.foreground': '#ffffff',
    'input.border': '#6fc3df',
    'input.placeholderForeground': '#ffffffb3',
    // No button.background, button.hoverBackground or button.secondary*Background: null in hcDark.
    'button.foreground': '#ffffff',
    'button.border': '#6fc3df',
    'button.secondaryForeground': '#ffffff',
    'textLink.foreground': '#21a6ff',
    'textLink.activeForeground': '#21a6ff',
    'textCodeBlock.background': '#000000',
    'textPreformat.foreground': '#ffffff',
    'textPreformat.background': '#000000',
    'textBlockQuote.border': '#ffffff',
    'inputValidation.errorBackground': '#000000',
    'inputValidation.errorBorder': '#6fc3df',
    'inputValidation.warningBackground': '#000000',
    'inputValidation.warningBorder': '#6fc3df',
    'editorWarning.foreground': '#ffd370',
    'badge.background': '#000000',
    'badge.foreground': '#ffffff',
    'panel.border': '#6fc3df',
    'widget.border': '#6fc3df',
    'progressBar.background': '#6fc3df',
    'debugTokenExpression.string': '#f48771',
    'debugTokenExpression.number': '#89d185',
    'debugTokenExpression.boolean': '#75bdfe',
  },
};

export const THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: LIGHT_MODERN,
  dark: DARK_MODERN,
  highContrast: HIGH_CONTRAST,
};

/** The theme's variables as CSS declarations, for a rule on `html` (VS Code sets them there). */
export function themeDeclarations(theme: Theme): string {
  const fonts = Object.entries(FONTS).map(([name, value]) => `--vscode-${name}: ${value};`);
  const colors = Object.entries(theme.colors).map(([id, value]) => `--vscode-${id.replaceAll('.', '-')}: ${value};`);
  return [...fonts, ...colors].join('\n  ');
}

/** The attributes VS Code puts on a webview's `<body>` for the theme. */
export function bodyAttributes(theme: Theme): string {
  return `class="${theme.kind}" data-vscode-theme-kind="${theme.kind}" data-vscode-theme-name="${theme.name}"`;
}
