/** The kinds of context a user can attach to a question, their chip labels, and how each is rendered for the agent. */
import { codeHeader, cutNotice, renderContextBlock } from './contextFormat';

/** A whole file (or as much of it as the budget allows). */
export interface FileAttachment {
  readonly kind: 'file';
  /** Workspace-relative path, `/`-separated (absolute for files outside the workspace). */
  readonly path: string;
  readonly languageId: string;
  readonly content: string;
}

/** Part of a document, as "Ask about Selection" sends it. */
export interface SelectionAttachment {
  readonly kind: 'selection';
  readonly path: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly content: string;
}

/** One diagnostic, editor-independent. */
export interface Problem {
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Who reported it, e.g. `ts`, `eslint`. */
  readonly source?: string;
  readonly code?: string;
  /** The text of the line the problem is on, so the agent sees it without the file. */
  readonly lineText?: string;
}

/** Diagnostics of one file or of the workspace. */
export interface ProblemsAttachment {
  readonly kind: 'problems';
  readonly problems: readonly Problem[];
}

/** Staged and unstaged changes as a unified diff. */
export interface GitChangesAttachment {
  readonly kind: 'gitChanges';
  readonly diff: string;
}

/** A terminal's last command and its output (or the terminal's selection, without a command). */
export interface TerminalAttachment {
  readonly kind: 'terminal';
  readonly terminalName: string;
  readonly command?: string;
  readonly output: string;
}

/** Anything that can be attached to a question. */
export type Attachment = FileAttachment | SelectionAttachment | ProblemsAttachment | GitChangesAttachment | TerminalAttachment;

/** The kinds, for pickers and validation. */
export type AttachmentKind = Attachment['kind'];

/** The words of chip labels, localized by the host; English by default. */
export interface AttachmentWords {
  readonly problems: string;
  readonly gitChanges: string;
  readonly terminal: string;
}

const ENGLISH_WORDS: AttachmentWords = { problems: 'Problems', gitChanges: 'Git changes', terminal: 'Terminal' };

/** The last segment of a `/`- or `\`-separated path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** The chip label: `file.ts`, `file.ts:10-42`, `Problems (3)`, `Git changes`, `Terminal: npm test`. */
export function attachmentLabel(a: Attachment, words: AttachmentWords = ENGLISH_WORDS): string {
  switch (a.kind) {
    case 'file':
      return baseName(a.path);
    case 'selection':
      return `${baseName(a.path)}:${a.startLine === a.endLine ? a.startLine : `${a.startLine}-${a.endLine}`}`;
    case 'problems':
      return `${words.problems} (${a.problems.length})`;
    case 'gitChanges':
      return words.gitChanges;
    case 'terminal':
      return `${words.terminal}: ${a.command?.trim() || a.terminalName}`;
  }
}

/** The text of an attachment that counts against the budget and may be cut. */
export function attachmentContent(a: Attachment): string {
  switch (a.kind) {
    case 'file':
    case 'selection':
      return a.content;
    case 'problems':
      return formatProblems(a.problems);
    case 'gitChanges':
      return a.diff;
    case 'terminal':
      return a.output;
  }
}

/**
 * One problem per entry: `src/a.ts:12:5 error [ts 2322] message`, then the line's text
 * indented, so the agent can tell which code the message is about.
 */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const origin = [p.source, p.code].filter(Boolean).join(' ');
      const head = `${p.path}:${p.line}:${p.column} ${p.severity}${origin ? ` [${origin}]` : ''} ${p.message.replace(/\s*\n\s*/g, ' ')}`;
      return p.lineText === undefined ? head : `${head}\n    ${p.lineText.trim()}`;
    })
    .join('\n');
}

/** How the agent names the attachment in a notice: `The file`, `The selection`… */
function noun(a: Attachment): string {
  switch (a.kind) {
    case 'file':
      return 'file';
    case 'selection':
      return 'selection';
    case 'problems':
      return 'problem list';
    case 'gitChanges':
      return 'diff';
    case 'terminal':
      return 'terminal output';
  }
}

function header(a: Attachment, content: string): { header: string; info: string } {
  switch (a.kind) {
    case 'file': {
      const lines = content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
      return { header: codeHeader(a.path, a.languageId, 1, Math.max(1, lines), true), info: a.languageId };
    }
    case 'selection':
      return { header: codeHeader(a.path, a.languageId, a.startLine, a.endLine), info: a.languageId };
    case 'problems':
      return { header: `Problems (${a.problems.length}):`, info: 'text' };
    case 'gitChanges':
      return { header: 'Git changes (staged and unstaged):', info: 'diff' };
    case 'terminal':
      return {
        header: a.command?.trim() ? `Terminal output of \`${a.command.trim()}\` (${a.terminalName}):` : `Terminal output (${a.terminalName}):`,
        info: 'text',
      };
  }
}

/**
 * The attachment as sent, given the content the budget kept (`sent`, a prefix of
 * {@link attachmentContent}). A cut says so after the fence, with both sizes. A cut whole file
 * is labelled with the lines it has, not with "whole file".
 */
export function renderAttachment(a: Attachment, sent: string): string {
  const total = attachmentContent(a).length;
  const cut = sent.length < total;
  const h = header(a, sent);
  return renderContextBlock({
    header: cut && a.kind === 'file' ? h.header.replace(' (whole file)', '') : h.header,
    info: h.info,
    content: sent,
    notice: cut ? cutNotice(noun(a), sent.length, total) : undefined,
  });
}

/** What the agent is told about an attachment left out because the total budget was spent. */
export function omittedNotice(a: Attachment, totalCap: number): string {
  const where = a.kind === 'file' || a.kind === 'selection' ? ` \`${attachmentLabel(a)}\`` : '';
  return `(The ${noun(a)}${where} was left out: the attached context reached its limit of ${totalCap} characters.)`;
}
