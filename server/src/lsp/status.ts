// The server's state as the client's status item shows it (`concurrencyLint/status`): problems the
// user should fix (a broken concurrency-lint.json), and whether a folder is being loaded or the
// workspace analysed. Sends a notification only when what it would say changes.
import type { Connection } from 'vscode-languageserver/node';
import { StatusNotification, type StatusParams } from './protocol';

export class StatusReporter {
  private problems: string | undefined;
  private busy = 0;
  private lastSent = '';

  constructor(private readonly connection: Connection) {}

  /** The configuration problems to show, or undefined when every project loaded its config. */
  setProblems(message: string | undefined): void {
    this.problems = message;
    this.send();
  }

  /** Shows "analysing" while `work` runs (nested and concurrent calls are counted). */
  async analysing<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    this.send();
    try {
      return await work();
    } finally {
      this.busy--;
      this.send();
    }
  }

  private send(): void {
    const status: StatusParams = this.problems === undefined ? { state: 'ok' } : { state: 'warn', message: this.problems };
    if (this.busy > 0) status.analysing = true;
    const key = JSON.stringify(status);
    if (key === this.lastSent) return;
    this.lastSent = key;
    void this.connection.sendNotification(StatusNotification, status).catch(() => undefined);
  }
}
