/** What the status bar item shows, derived from the key, the settings and the active conversation. */
import type { ConfigProblem, TranscriptEntry } from '../protocol';

/** Everything the state depends on. */
export interface StatusInputs {
  readonly hasKey: boolean;
  readonly configProblem: ConfigProblem | null;
  /** A reply is streaming in the active conversation. */
  readonly busy: boolean;
  /** The active conversation's last request failed (its transcript ends with an error). */
  readonly lastRequestFailed: boolean;
}

export type StatusKind = 'ready' | 'noKey' | 'noProject' | 'badEndpoint' | 'streaming' | 'error';

/** A command the item runs when clicked. */
export interface StatusCommand {
  readonly command: string;
  readonly arguments?: readonly unknown[];
}

/** The parts of the item that are not words: its codicon, its click and how loud it is. */
export interface StatusLook {
  readonly icon: string;
  readonly command: StatusCommand;
  /** A theme colour id for the background, or undefined for the normal one. */
  readonly background?: 'statusBarItem.warningBackground';
}

/**
 * The state to show. A reply in progress comes first (it was sent, so nothing blocked it);
 * then what blocks the next send, in the order a new user sets things up (project, then key);
 * then whether the last request failed.
 */
export function statusKind(i: StatusInputs): StatusKind {
  if (i.busy) return 'streaming';
  if (i.configProblem) return i.configProblem;
  if (!i.hasKey) return 'noKey';
  if (i.lastRequestFailed) return 'error';
  return 'ready';
}

/** Whether the last thing in a transcript is an error, i.e. the last request failed. */
export function endsWithError(transcript: readonly TranscriptEntry[]): boolean {
  return transcript.at(-1)?.role === 'error';
}

const OPEN_CHAT: StatusCommand = { command: 'pathors.chatView.focus' };

/** Icon, click and colour for each state. `settingToFix` is where Open Settings lands. */
export function statusLook(kind: StatusKind, settingToFix = 'pathors.projectId'): StatusLook {
  switch (kind) {
    case 'ready':
      return { icon: '$(comment-discussion)', command: OPEN_CHAT };
    case 'streaming':
      return { icon: '$(loading~spin)', command: OPEN_CHAT };
    case 'noKey':
      return { icon: '$(key)', command: { command: 'pathors.setApiKey' } };
    case 'noProject':
    case 'badEndpoint':
      return { icon: '$(gear)', command: { command: 'workbench.action.openSettings', arguments: [settingToFix] } };
    case 'error':
      // Loud enough to notice, but a failed request is not an outage: the warning colour, not the error one.
      return { icon: '$(error)', command: { command: 'pathors.showLog' }, background: 'statusBarItem.warningBackground' };
  }
}
