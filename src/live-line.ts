/**
 * The one live status line of a terminal (stderr), redrawn in place by log-update and cleared before
 * anything else is written there, so a log line never lands glued to it. log-update loads with the first
 * step that shows a line: commands that show none never pay for it.
 */
type LogUpdate = ((...text: string[]) => void) & { clear(): void; done(): void };

export class LiveLine {
  private update?: LogUpdate;
  private text = '';

  constructor(private readonly stream: NodeJS.WriteStream) {}

  async open(): Promise<void> {
    if (this.update) return;
    const { createLogUpdate } = await import('log-update');
    this.update = createLogUpdate(this.stream, { showCursor: true }) as LogUpdate;
  }

  draw(text: string): void {
    this.text = text;
    this.update?.(text);
  }

  clear(): void {
    if (!this.text) return;
    this.update?.clear();
    this.text = '';
  }

  /** A line of its own above the live line. */
  print(text: string): void {
    this.around(() => this.stream.write(`${text}\n`));
  }

  /** Writes around the line: cleared first, drawn again after. */
  around(write: () => void): void {
    const text = this.text;
    this.clear();
    write();
    if (text) this.draw(text);
  }
}
