import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AbstractTokenizer, EndOfStreamError, type IFileInfo, type IReadChunkOptions } from 'strtok3';

/**
 * A random-access tokenizer over a file read with synchronous reads, for music-metadata in the scan worker.
 * strtok3's own file tokenizer hands every small read to libuv's thread pool and back; a tag parse makes
 * dozens of them, and on a virtual machine with idle cores each handoff waits for a core to wake up, which
 * halved the scan rate. In a worker thread blocking reads cost nothing.
 */
export class SyncFileTokenizer extends AbstractTokenizer {
  readonly fileInfo: IFileInfo;
  readonly #fd: number;

  constructor(path: string) {
    super();
    this.#fd = openSync(path, 'r');
    try {
      this.fileInfo = { path, size: fstatSync(this.#fd).size };
    } catch (error) {
      closeSync(this.#fd);
      throw error;
    }
  }

  supportsRandomAccess(): boolean {
    return true;
  }

  setPosition(position: number): void {
    this.position = position;
  }

  async readBuffer(buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const o = this.normalizeOptions(buffer, options);
    const n = this.#read(buffer, o);
    this.position = o.position + n;
    return n;
  }

  async peekBuffer(buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    return this.#read(buffer, this.normalizeOptions(buffer, options));
  }

  protected override async closeOnce(): Promise<void> {
    closeSync(this.#fd);
    await super.closeOnce();
  }

  #read(buffer: Uint8Array, o: { length: number; position: number; mayBeLess?: boolean }): number {
    let done = 0;
    while (done < o.length) {
      const n = readSync(this.#fd, buffer, done, o.length - done, o.position + done);
      if (n === 0) break;
      done += n;
    }
    if (!o.mayBeLess && done < o.length) throw new EndOfStreamError();
    return done;
  }
}
