// The core's Logger over a VS Code output channel ("Reconcile"), with timestamps.
import * as vscode from 'vscode';
import type { Logger } from '../core/types';

export function outputChannelLogger(channel: vscode.OutputChannel): Logger {
  const line = (level: string, message: string): void => {
    channel.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${level} ${message}`);
  };
  return {
    info: (m) => line('info ', m),
    warn: (m) => line('warn ', m),
    error: (m) => line('error', m),
  };
}
