/** Counts the requests in flight outside the sidebar (@pathors, the Pathors model), so the status bar can say Pathors is answering. */

/** Requests in flight; several may overlap (two chat threads, a model request beside them). */
export class Activity {
  private count = 0;
  private readonly listeners = new Set<() => void>();

  /** Whether any request is in flight. */
  get active(): boolean {
    return this.count > 0;
  }

  /**
   * Marks a request as started; call the returned function once when it ends (a second call is
   * ignored, so an end in a `finally` after an earlier end cannot make the count drift).
   */
  begin(): () => void {
    this.count++;
    this.emit();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      this.emit();
    };
  }

  /** Runs `listener` whenever {@link active} may have changed; returns the unsubscribe. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
